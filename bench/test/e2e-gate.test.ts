import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agrees, canonical, summarise } from '../src/cases/e2e';

const dir = mkdtempSync(join(tmpdir(), 'segkit-e2e-gate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A COCO file of two images; `anns` as [image id, category, area, bbox]. */
function coco(name: string, images: [number, string][], anns: [number, number, number, number[]][]): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({
    images: images.map(([id, file_name]) => ({ id, file_name, width: 8, height: 8 })),
    annotations: anns.map(([image_id, category_id, area, bbox], k) => ({ id: k + 1, image_id, category_id, area, bbox, segmentation: [], iscrowd: 0 })),
  }));
  return path;
}

describe('end-to-end gate', () => {
  const ref = summarise(coco('ref.json', [[1, 'a.jpg'], [2, 'b.jpg']], [[1, 3, 10, [0, 0, 5, 2]], [1, 4, 6, [1, 1, 2, 3]], [2, 3, 1, [7, 7, 1, 1]]]));

  it('ignores image ids, annotation order and segmentations', () => {
    const same = summarise(coco('same.json', [[7, 'b.jpg'], [9, 'a.jpg']], [[7, 3, 1, [7, 7, 1, 1]], [9, 4, 6, [1, 1, 2, 3]], [9, 3, 10, [0, 0, 5, 2]]]));
    expect(canonical(same)).toBe(canonical(ref));
    expect(agrees(same, ref)).toBeUndefined();
  });

  it('names the first image whose annotations differ in count, area or box', () => {
    const fewer = summarise(coco('fewer.json', [[1, 'a.jpg'], [2, 'b.jpg']], [[1, 3, 10, [0, 0, 5, 2]], [2, 3, 1, [7, 7, 1, 1]]]));
    expect(agrees(fewer, ref)).toBe('a.jpg: 1 annotations, 10 px instead of 2, 16 px (or different boxes)');
    const moved = summarise(coco('moved.json', [[1, 'a.jpg'], [2, 'b.jpg']], [[1, 3, 10, [0, 0, 5, 2]], [1, 4, 6, [1, 1, 2, 3]], [2, 3, 1, [6, 7, 1, 1]]]));
    expect(agrees(moved, ref)).toMatch(/^b\.jpg: 1 annotations, 1 px/);
    expect(canonical(moved)).not.toBe(canonical(ref));
    const missing = summarise(coco('missing.json', [[1, 'a.jpg']], [[1, 3, 10, [0, 0, 5, 2]], [1, 4, 6, [1, 1, 2, 3]]]));
    expect(agrees(missing, ref)).toBe('1 images instead of 2');
  });
});
