// The end-to-end dataset: 100 semantic label PNGs (1024x512, 20 classes of overlapping blobs over
// void 255, so that classes split into many components, with holes where blobs of other classes
// sit inside them), written by segkit's semantic PNG writer (8-bit grey, the default layout) with
// a categories.json beside them (COCO style, every class a thing). Generated from seeds into
// bench/.work once; a stamp file names the parameters so that a change regenerates it.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labelMapToRles, measureRle, writeSemanticPngFolder, type Category, type ImageRecord } from 'segkit/node';
import { labelMap } from './images';

export const SEMANTIC = { images: 100, width: 1024, height: 512, classes: 20, blobs: 60, void: 255, seed: 9000 };

export const categories = (): Category[] =>
  Array.from({ length: SEMANTIC.classes }, (_, k) => ({ id: k + 1, name: `class${k + 1}`, supercategory: 'thing' }));

/** The folder of the dataset under `work`, generated when missing or stale. */
export async function semanticPngDataset(work: string): Promise<string> {
  const dir = join(work, 'semantic-png-100');
  const stamp = JSON.stringify(SEMANTIC);
  const stampFile = join(dir, '.stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { images, width, height, classes, blobs, seed } = SEMANTIC;
  async function* records(): AsyncIterable<ImageRecord> {
    for (let i = 0; i < images; i++) {
      const map = labelMap(seed + i, width, height, classes, blobs);
      const { values, rles } = labelMapToRles(map, { ignore: [0] });
      yield {
        image: { id: i + 1, fileName: `${String(i).padStart(4, '0')}.jpg`, width, height },
        annotations: rles.map((rle, k) => ({ id: values[k], categoryId: values[k], iscrowd: false, segmentation: rle, ...measureRle(rle) })),
      };
    }
  }
  await writeSemanticPngFolder(dir, { header: { kind: 'semantic', categories: categories() }, records: records() }, { void: SEMANTIC.void });
  writeFileSync(join(dir, 'categories.json'), `${JSON.stringify({ categories: categories() }, null, 1)}\n`);
  writeFileSync(stampFile, stamp);
  return dir;
}
