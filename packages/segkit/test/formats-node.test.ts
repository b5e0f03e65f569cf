// segkit/node wrappers of this area: folders on disk, whole files appearing only when written.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import {
  imageSizeFile, readLabelmeFolder, readPolygonJsonFolder, readYoloSegFolder, writeLabelmeFolder, writeLabelmeVocFolder, writePolygonJsonFolder,
  writeYoloSegFolder, labelmeCategories,
} from '../src/node/index';
import { describeReal, real } from './real-fixtures';

const tmp = mkdtempSync(join(tmpdir(), 'segkit-formats-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const IS = (...p: string[]) => real('wkentaro-labelme', 'examples', 'instance_segmentation', ...p);

describeReal('segkit/node: LabelMe folder -> YOLO, LabelMe, polygon JSON and VOC folders, and back', () => {
  it('writes complete files only and reads them back', async () => {
    const categories = labelmeCategories(readFileSync(IS('labels.txt'), 'utf8'));
    const ds = () => readLabelmeFolder(IS('data_annotated'), { categories });
    const yolo = join(tmp, 'yolo');
    expect((await writeYoloSegFolder(yolo, await ds(), { holes: 'split' })).files).toBe(3);
    expect(readdirSync(join(yolo, 'labels')).sort()).toEqual(['2011_000003.txt', '2011_000006.txt', '2011_000025.txt']);
    const back = await readYoloSegFolder(yolo, { images: '../none', size: { width: 500, height: 375 } }).catch((e) => e);
    expect(back).toBeInstanceOf(Error); // '..' never leaves the folder
    // the images are not copied: read the label files without data.yaml, sizes by option
    const again = await readYoloSegFolder(yolo, { yaml: false, size: { width: 500, height: 375 } });
    let n = 0;
    for await (const r of again.records) n += r.annotations.length;
    expect(n).toBe(16); // 12 objects; split: the 2-part person and the 4-part sofa add 1 + 3 lines
    await writeLabelmeFolder(join(tmp, 'labelme'), await ds());
    const lm = await readLabelmeFolder(join(tmp, 'labelme'), { categories });
    let m = 0;
    for await (const r of lm.records) m += r.annotations.length;
    expect(m).toBe(12);
    await writePolygonJsonFolder(join(tmp, 'poly'), await ds(), { holes: 'split' });
    const pj = await readPolygonJsonFolder(join(tmp, 'poly'), { size: { width: 500, height: 375 } });
    expect(pj.header.kind).toBe('instances');
    await writeLabelmeVocFolder(join(tmp, 'voc'), await readLabelmeFolder(IS('data_annotated'), { categories, voidShapes: 'keep' }));
    expect(readdirSync(join(tmp, 'voc', 'SegmentationClass')).sort()).toEqual(['2011_000003.png', '2011_000006.png', '2011_000025.png']);
    const all = readdirSync(tmp, { recursive: true }) as string[];
    expect(all.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(await imageSizeFile(IS('data_annotated', '2011_000006.jpg'))).toMatchObject({ width: 500, height: 375, format: 'jpeg' });
  });
});
