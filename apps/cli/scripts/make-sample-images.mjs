// Draws the two pictures examples/sample-coco.json names (street.jpg, field.jpg) as small
// synthetic scenes whose objects sit where the annotations are. Deterministic: a seeded generator,
// no inputs but the JSON. Run from anywhere after `pnpm build`:
//   node apps/cli/scripts/make-sample-images.mjs
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createCanvas } from '@napi-rs/canvas';
import { rleDecode, rleFromString } from 'segkit';

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));
const sample = JSON.parse(await readFile(`${examples}sample-coco.json`, 'utf8'));
const annsOf = (imageId) => sample.annotations.filter((a) => a.image_id === imageId);

// Park-Miller minimal standard generator: the same scene on every run.
let seed = 20240611;
const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;

function polygon(ctx, flat, fill) {
  ctx.beginPath();
  for (let i = 0; i < flat.length; i += 2) (i ? ctx.lineTo : ctx.moveTo).call(ctx, flat[i], flat[i + 1]);
  ctx.closePath();
  ctx.fillStyle = fill;
  ctx.fill();
}

function person(ctx, x, y, s, shirt) {
  ctx.fillStyle = '#e0b48c';
  ctx.beginPath();
  ctx.arc(x, y - 1.6 * s, 0.45 * s, 0, 2 * Math.PI);
  ctx.fill();
  ctx.fillStyle = shirt;
  ctx.fillRect(x - 0.5 * s, y - 1.1 * s, s, 1.3 * s);
  ctx.fillStyle = '#2b2b3a';
  ctx.fillRect(x - 0.45 * s, y + 0.2 * s, 0.4 * s, 0.9 * s);
  ctx.fillRect(x + 0.05 * s, y + 0.2 * s, 0.4 * s, 0.9 * s);
}

/** A w x h canvas with a sky fading from `top` to `bottom` down to row `horizon`. */
function scene(w, h, horizon, top, bottom) {
  const c = createCanvas(w, h);
  const ctx = c.getContext('2d');
  const sky = ctx.createLinearGradient(0, 0, 0, horizon);
  sky.addColorStop(0, top);
  sky.addColorStop(1, bottom);
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, w, horizon);
  return [c, ctx];
}

function street() {
  const [w, h] = [640, 480];
  const [c, ctx] = scene(w, h, 200, '#7fb2e5', '#cfe3f2');
  // buildings with windows
  for (let x = 0; x < w;) {
    const bw = 70 + Math.floor(rand() * 60);
    const top = 40 + Math.floor(rand() * 110);
    const tone = 150 + Math.floor(rand() * 60);
    ctx.fillStyle = `rgb(${tone}, ${tone - 20}, ${tone - 40})`;
    ctx.fillRect(x, top, bw - 4, 230 - top);
    ctx.fillStyle = '#5d6f80';
    for (let wy = top + 12; wy < 200; wy += 26) for (let wx = x + 10; wx < x + bw - 20; wx += 22) ctx.fillRect(wx, wy, 10, 14);
    x += bw;
  }
  ctx.fillStyle = '#b9b4aa'; // pavement
  ctx.fillRect(0, 200, w, 45);
  ctx.fillStyle = '#55575c'; // road
  ctx.fillRect(0, 245, w, h - 245);
  ctx.fillStyle = '#e8e3c8';
  for (let x = 10; x < w; x += 80) ctx.fillRect(x, 420, 44, 6);
  for (const a of annsOf(1)) {
    const name = sample.categories.find((k) => k.id === a.category_id).name;
    if (a.iscrowd) {
      // a crowd: small people wherever the crowd's mask is
      const m = rleDecode(rleFromString(a.segmentation.counts, a.segmentation.size[0], a.segmentation.size[1]));
      const shirts = ['#c0392b', '#2e86c1', '#27ae60', '#f1c40f', '#8e44ad', '#e67e22'];
      for (let row = 0, y = 300; y < 420; row++, y += 22) {
        for (let x = 196 + (row % 2) * 9; x < 380; x += 18) {
          if (m.data[y * w + x] && m.data[Math.min(h - 1, y + 18) * w + x]) person(ctx, x, y, 9, shirts[Math.floor(rand() * shirts.length)]);
        }
      }
    } else if (name === 'person') {
      polygon(ctx, a.segmentation[0], '#34495e');
      const [x, y, bw] = a.bbox;
      ctx.fillStyle = '#e0b48c';
      ctx.beginPath();
      ctx.arc(x + bw / 2 + 5, y + 22, 16, 0, 2 * Math.PI);
      ctx.fill();
    } else if (name === 'car') {
      const body = a.id === 102 ? '#b03a2e' : '#2471a3';
      a.segmentation.forEach((part, i) => polygon(ctx, part, i === 0 ? body : '#d4ac0d'));
      const [x, y, bw] = [a.segmentation[0][0], a.segmentation[0][1], a.segmentation[0][2] - a.segmentation[0][0]];
      ctx.fillStyle = '#aed6f1';
      if (a.id === 102) {
        ctx.fillRect(x + 30, y + 8, bw / 2 - 40, 28);
        ctx.fillRect(x + bw / 2 + 5, y + 8, bw / 2 - 40, 28);
        ctx.fillStyle = '#1c1c1c';
        for (const wx of [x + 35, x + bw - 35]) {
          ctx.beginPath();
          ctx.arc(wx, y + 80, 14, 0, 2 * Math.PI);
          ctx.fill();
        }
      } else {
        polygon(ctx, [615, 412, 680, 420, 676, 445, 620, 440], '#aed6f1');
      }
    }
  }
  return c;
}

function field() {
  const [w, h] = [320, 240];
  const [c, ctx] = scene(w, h, 100, '#6fa8dc', '#d9ecf7');
  ctx.fillStyle = '#f7dc6f';
  ctx.beginPath();
  ctx.arc(270, 30, 16, 0, 2 * Math.PI);
  ctx.fill();
  ctx.fillStyle = '#6aa84f';
  ctx.fillRect(0, 100, w, h - 100);
  for (let i = 0; i < 260; i++) { // grass blades
    const x = rand() * w;
    const y = 100 + rand() * (h - 100);
    ctx.strokeStyle = rand() < 0.5 ? '#4e8a3a' : '#86c06c';
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + rand() * 4 - 2, y - 4 - rand() * 5);
    ctx.stroke();
  }
  ctx.fillStyle = '#6e4b2a'; // a tree
  ctx.fillRect(250, 60, 10, 60);
  ctx.fillStyle = '#3d7a32';
  ctx.beginPath();
  ctx.arc(255, 55, 28, 0, 2 * Math.PI);
  ctx.fill();
  for (const a of annsOf(2)) {
    polygon(ctx, a.segmentation[0], '#a0522d');
    const [x, y] = [a.segmentation[0][2], a.segmentation[0][3]]; // the head end
    ctx.fillStyle = '#1c1c1c';
    ctx.beginPath();
    ctx.arc(x + 8, y + 14, 3, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillStyle = '#7b3f1d';
    polygon(ctx, [x - 6, y + 4, x + 6, y + 2, x - 2, y + 22], '#7b3f1d');
  }
  return c;
}

await mkdir(`${examples}images`, { recursive: true });
for (const [name, canvas] of [['street.jpg', street()], ['field.jpg', field()]]) {
  const bytes = await canvas.encode('jpeg', 82);
  await writeFile(`${examples}images/${name}`, bytes);
  console.log(`examples/images/${name}: ${canvas.width}x${canvas.height}, ${bytes.length} bytes`);
}
