// A large generated COCO instances JSON (seeded): star polygons of 16-40 vertices, and 1 in 5
// annotations an uncompressed RLE, streamed to disk. Used by stream-coco.ts and the coco-2gb case.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { rng } from './random';

const W = 640, H = 480, PER_IMAGE = 10;

/** One annotation's JSON: a 16-40 vertex polygon, or (1 in 5) an uncompressed RLE of a box (crowd). */
function annotation(id: number, imageId: number, r: () => number): string {
  const cx = 40 + r() * (W - 80), cy = 40 + r() * (H - 80), rad = 10 + r() * 30;
  if (id % 5 === 0) {
    // an RLE: columns x0..x1 each with one run rows y0..y1 (compressed string written by hand is
    // not needed: uncompressed counts keep the generator free of segkit)
    const x0 = Math.floor(cx - rad), x1 = Math.floor(cx + rad), y0 = Math.floor(cy - rad), y1 = Math.floor(cy + rad);
    const counts = [x0 * H + y0];
    for (let x = x0; x < x1; x++) counts.push(y1 - y0, x < x1 - 1 ? H - (y1 - y0) : 0);
    counts[counts.length - 1] = (W - x1) * H + (H - y1);
    return `{"id":${id},"image_id":${imageId},"category_id":${1 + (id % 80)},"segmentation":{"size":[${H},${W}],"counts":[${counts.join(',')}]},"area":${(x1 - x0) * (y1 - y0)},"bbox":[${x0},${y0},${x1 - x0},${y1 - y0}],"iscrowd":1}`;
  }
  const n = 16 + Math.floor(r() * 25);
  const pts: string[] = [];
  for (let k = 0; k < n; k++) {
    const a = (k / n) * 2 * Math.PI, d = rad * (0.6 + 0.4 * r());
    pts.push(`${(cx + d * Math.cos(a)).toFixed(2)},${(cy + d * Math.sin(a)).toFixed(2)}`);
  }
  return `{"id":${id},"image_id":${imageId},"category_id":${1 + (id % 80)},"segmentation":[[${pts.join(',')}]],"area":${Math.round(Math.PI * rad * rad)},"bbox":[${(cx - rad).toFixed(2)},${(cy - rad).toFixed(2)},${(2 * rad).toFixed(2)},${(2 * rad).toFixed(2)}],"iscrowd":0}`;
}

/**
 * Writes a COCO instances JSON of about `mb` MiB to `path`, streamed (never held in memory): 640x480
 * images with 10 annotations each, `order` 'grouped' (image by image) or 'scattered' (a fixed
 * permutation, as COCO's own files). Returns the number of images and annotations.
 */
export async function generateCocoJson(path: string, mb: number, order: string): Promise<{ images: number; annotations: number }> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const put = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  const r = rng(7);
  const approxAnn = 515; // bytes per annotation (its image entry included), measured on this generator
  const images = Math.ceil((mb * 1024 * 1024) / (approxAnn * PER_IMAGE));
  const total = images * PER_IMAGE;
  await put(`{"info":{"description":"segkit streaming test, ${mb} MiB"},"licenses":[],"images":[`);
  for (let i = 1; i <= images; i++) await put(`${i > 1 ? ',' : ''}\n{"id":${i},"file_name":"${String(i).padStart(12, '0')}.jpg","width":${W},"height":${H}}`);
  await put('\n],"annotations":[');
  let buf = '';
  for (let k = 0; k < total; k++) {
    // grouped: image by image; scattered: a fixed permutation (as COCO's own files, not grouped)
    const image = order === 'grouped' ? Math.floor(k / PER_IMAGE) + 1 : ((k * 7919) % images) + 1;
    buf += `${k > 0 ? ',' : ''}\n${annotation(k + 1, image, r)}`;
    if (buf.length > 1 << 20) {
      await put(buf);
      buf = '';
    }
  }
  await put(`${buf}\n],"categories":[${Array.from({ length: 80 }, (_, c) => `{"id":${c + 1},"name":"c${c + 1}"}`).join(',')}]}\n`);
  out.end();
  await once(out, 'finish');
  return { images, annotations: total };
}

