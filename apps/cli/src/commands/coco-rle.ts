// `segkit coco-rle <file>`: COCO polygons -> RLE with area and bbox by COCO's rule, per annotation.
import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { FormatError, fromCocoRle, rleArea, rleBbox, rleFromPolygons, rleToString, type Rle } from 'segkit';
import type { Io } from '../program';

interface CocoImage { id: number; width: number; height: number; file_name?: string }
interface CocoAnn { id: number; image_id: number; category_id: number; segmentation: unknown; area?: number; bbox?: number[] }

export function cocoRleCommand(io: Io): Command {
  return new Command('coco-rle')
    .description('convert the polygons of a COCO instances file to RLE and print area and bbox by COCO\'s rule')
    .argument('<file>', 'COCO instances JSON')
    .option('--json', 'print one JSON object per annotation')
    .action(async (file: string, opts: { json?: boolean }) => {
      const text = await readFile(file, 'utf8');
      let doc: { images?: CocoImage[]; annotations?: CocoAnn[] };
      try {
        doc = JSON.parse(text);
      } catch (e) {
        throw new FormatError(file, '', `not valid JSON (${(e as Error).message})`);
      }
      if (!Array.isArray(doc.images)) throw new FormatError(file, 'images', 'expected an array of images');
      if (!Array.isArray(doc.annotations)) throw new FormatError(file, 'annotations', 'expected an array of annotations');
      const images = new Map(doc.images.map((im) => [im.id, im]));
      let changed = 0;
      doc.annotations.forEach((a, i) => {
        const where = `annotations[${i}]`;
        const im = images.get(a.image_id);
        if (!im) throw new FormatError(file, `${where}.image_id`, `no image with id ${a.image_id}`);
        let rle: Rle;
        try {
          rle = Array.isArray(a.segmentation)
            ? rleFromPolygons(a.segmentation as number[][], im.height, im.width)
            : fromCocoRle(a.segmentation as never);
        } catch (e) {
          throw new FormatError(file, `${where}.segmentation`, (e as Error).message);
        }
        const area = rleArea(rle);
        const bbox = rleBbox(rle);
        if (a.area !== undefined && a.area !== area) changed++;
        if (opts.json) {
          io.out(JSON.stringify({ id: a.id, image_id: a.image_id, area, bbox, stored_area: a.area ?? null, counts: rleToString(rle) }));
        } else {
          const counts = rleToString(rle);
          io.out(`annotation ${a.id} (image ${a.image_id}, category ${a.category_id}): area ${area}, bbox [${bbox.join(', ')}], stored area ${a.area ?? '-'}, counts ${counts.length > 24 ? `${counts.slice(0, 24)}…` : counts}`);
        }
      });
      if (!opts.json) io.out(`${doc.annotations.length} annotations, ${changed} with a stored area that differs from COCO's rule`);
    });
}
