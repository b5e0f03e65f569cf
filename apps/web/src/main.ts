// The playground page: wires the inputs, the drop zone and the canvas to segkit. Every file is
// read in the page (File objects); nothing is sent anywhere.
import { init } from 'segkit';
import sampleUrl from '../../../examples/sample-coco.json?url';
import { base64Blob, classify, readScene, recordFor, type Scene } from './read';
import { objectRings, ownerMap, sceneObjects, type Rings, type SceneObject, type Tracing } from './objects';
import { draw } from './draw';
import { FORMATS, convertScene, type DownloadFormat } from './download';

// Pictures of the sample, when the repository has them (examples/images/); else a neutral background.
const samplePictures = import.meta.glob('../../../examples/images/*.{jpg,jpeg,png,webp}', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;
const canvas = $<HTMLCanvasElement>('#view');
const status = $<HTMLParagraphElement>('#status');
const errorBox = $<HTMLParagraphElement>('#error');
const imageSelect = $<HTMLSelectElement>('#image');
const formatSelect = $<HTMLSelectElement>('#format');
const downloadButton = $<HTMLButtonElement>('#download');

/** Everything the page shows. */
const state = {
  scene: undefined as Scene | undefined,
  shown: 0,
  /** Pictures by file name, as dropped. */
  pictures: new Map<string, ImageBitmap>(),
  picture: undefined as ImageBitmap | undefined,
  objects: [] as SceneObject[],
  owner: new Int32Array(0) as Int32Array,
  rings: new Map<Tracing, Rings[]>(),
  view: 'mask' as 'mask' | 'polygon',
  tracing: 'edge' as Tracing,
  hover: -1,
};

for (const [value, label] of Object.entries(FORMATS)) formatSelect.add(new Option(label, value));

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

function setStatus(text: string, s: 'empty' | 'loading' | 'ready' | 'error'): void {
  status.textContent = text;
  status.dataset.state = s;
}

function showError(e: unknown): void {
  errorBox.hidden = false;
  errorBox.textContent = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  setStatus('Could not read that file.', 'error');
}

/**
 * Runs a step that may fail on user data, reporting the failure on the page. A `busy` step shows
 * "Reading…" at once (before its first await), so the status never shows a stale "ready".
 */
async function guarded(step: () => Promise<void>, busy = false): Promise<void> {
  errorBox.hidden = true;
  if (busy) setStatus('Reading…', 'loading');
  try {
    await init();
    await step();
  } catch (e) {
    showError(e);
  }
}

function rings(): Rings[] {
  let r = state.rings.get(state.tracing);
  if (!r) {
    r = state.objects.map((o) => objectRings(o, state.tracing));
    state.rings.set(state.tracing, r);
  }
  return r;
}

function render(): void {
  const record = state.scene?.records[state.shown];
  const width = record?.image.width || state.picture?.width || canvas.width;
  const height = record?.image.height || state.picture?.height || canvas.height;
  const r = state.view === 'polygon' || state.hover >= 0 ? rings() : [];
  draw(canvas, { width, height, picture: state.picture, objects: state.objects, owner: state.owner, view: state.view, tracing: state.tracing, rings: r, hover: state.hover });
  if (!record) {
    setStatus('Picture loaded: now add its annotations.', 'empty');
    return;
  }
  const all = rings();
  const vertices = all.reduce((n, o) => n + o.reduce((m, ring) => m + ring.length / 2, 0), 0);
  const contours = all.reduce((n, o) => n + o.length, 0);
  const picture = state.picture
    ? state.picture.width === width && state.picture.height === height ? '' : ` (picture ${state.picture.width}×${state.picture.height} scaled)`
    : ' (no picture: neutral background)';
  setStatus(`${record.image.fileName || record.image.id}: ${width}×${height}${picture}, ${plural(state.objects.length, 'object')}; ` +
    `${contours} contours, ${vertices} vertices (${state.tracing})`, 'ready');
  status.dataset.contours = String(contours);
  status.dataset.vertices = String(vertices);
}

/**
 * The picture for the shown record: one dropped with its file name (or stem); else, for a file
 * of one image, the only picture dropped if it has the image's size.
 */
function pictureFor(): ImageBitmap | undefined {
  const scene = state.scene;
  if (!scene) return [...state.pictures.values()].pop();
  const record = scene.records[state.shown];
  for (const [name, bmp] of state.pictures) if (recordFor([record], name) === 0) return bmp;
  const only = state.pictures.size === 1 ? [...state.pictures.values()][0] : undefined;
  const fits = only && only.width === record.image.width && only.height === record.image.height;
  return scene.records.length === 1 && fits ? only : undefined;
}

async function show(index: number): Promise<void> {
  const scene = state.scene!;
  state.shown = index;
  imageSelect.value = String(index);
  const record = scene.records[index];
  state.objects = sceneObjects(record, scene.header.categories);
  state.owner = ownerMap(state.objects, record.image.width, record.image.height);
  state.rings.clear();
  state.hover = -1;
  hideInfo();
  state.picture = pictureFor();
  const embedded = state.picture ? undefined : scene.embedded[index];
  if (embedded) state.picture = await createImageBitmap(base64Blob(embedded));
  render();
}

async function loadScene(scene: Scene): Promise<void> {
  if (scene.records.length === 0) throw new Error(`${scene.source} holds no image`);
  state.scene = scene;
  imageSelect.replaceChildren(...scene.records.map((r, i) =>
    new Option(`${r.image.fileName || r.image.id} (${r.image.width}×${r.image.height}, ${plural(r.annotations.length, 'object')})`, String(i))));
  imageSelect.disabled = scene.records.length < 2;
  downloadButton.disabled = false;
  const named = [...state.pictures.keys()].map((n) => recordFor(scene.records, n)).find((i) => i >= 0);
  await show(named ?? 0);
}

/** Takes dropped or chosen files: annotations first, then pictures (which pick their image). */
async function takeFiles(files: File[], as?: 'picture' | 'annotations'): Promise<void> {
  const kinds = await Promise.all(files.map(async (f) => (as === 'picture' ? 'picture' : await classify(f))));
  for (const [i, f] of files.entries()) {
    const kind = kinds[i];
    if (kind !== 'picture') await loadScene(await readScene(f, kind));
  }
  let last = -1;
  for (const [i, f] of files.entries()) {
    if (kinds[i] !== 'picture') continue;
    state.pictures.set(f.name, await createImageBitmap(f));
    if (state.scene) last = recordFor(state.scene.records, f.name);
  }
  if (state.scene) await show(last >= 0 ? last : state.shown);
  else render();
}

function hideInfo(): void {
  $('#info dl').hidden = true;
  $('#info .hint').hidden = false;
}

function showInfo(o: SceneObject): void {
  const set = (k: string, v: string) => ($(`#info dd[data-k='${k}']`).textContent = v);
  set('class', o.className);
  set('id', String(o.annotation.id));
  set('crowd', o.annotation.iscrowd ? 'yes' : 'no');
  set('area', String(o.area));
  set('bbox', `[${o.bbox.join(', ')}]`);
  set('rle', o.rleString);
  $('#info dl').hidden = false;
  $('#info .hint').hidden = true;
}

canvas.addEventListener('mousemove', (e) => {
  if (!state.scene) return;
  const box = canvas.getBoundingClientRect();
  const x = Math.floor(((e.clientX - box.left) * canvas.width) / box.width);
  const y = Math.floor(((e.clientY - box.top) * canvas.height) / box.height);
  const inside = x >= 0 && y >= 0 && x < canvas.width && y < canvas.height;
  const hover = inside ? state.owner[y * canvas.width + x] - 1 : -1;
  if (hover === state.hover) return;
  state.hover = hover;
  if (hover >= 0) showInfo(state.objects[hover]);
  else hideInfo();
  render();
});
canvas.addEventListener('mouseleave', () => {
  if (state.hover < 0) return;
  state.hover = -1;
  hideInfo();
  render();
});

$<HTMLInputElement>('#picture').addEventListener('change', (e) => {
  const input = e.target as HTMLInputElement;
  void guarded(() => takeFiles([...(input.files ?? [])], 'picture'), true);
});
$<HTMLInputElement>('#annotations').addEventListener('change', (e) => {
  const input = e.target as HTMLInputElement;
  void guarded(() => takeFiles([...(input.files ?? [])], 'annotations'), true);
});
$('#sample').addEventListener('click', () => void guarded(async () => {
  const sample = new File([await (await fetch(sampleUrl)).blob()], 'sample-coco.json');
  const pictures = await Promise.all(Object.entries(samplePictures).map(async ([path, url]) =>
    new File([await (await fetch(url)).blob()], path.split('/').pop()!)));
  state.pictures.clear();
  await takeFiles([sample, ...pictures]);
}, true));
imageSelect.addEventListener('change', () => void guarded(() => show(Number(imageSelect.value)), true));
for (const input of document.querySelectorAll<HTMLInputElement>('input[name=view], input[name=tracing]')) {
  input.addEventListener('change', () => {
    if (input.name === 'view') state.view = input.value as 'mask' | 'polygon';
    else state.tracing = input.value as Tracing;
    if (state.scene) render();
  });
}
downloadButton.addEventListener('click', () => void guarded(async () => {
  const d = await convertScene(state.scene!, formatSelect.value as DownloadFormat, state.shown);
  const url = URL.createObjectURL(new Blob([d.bytes as BlobPart], { type: d.type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: d.name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}));

// Drop anywhere on the page.
document.addEventListener('dragover', (e) => {
  e.preventDefault();
  document.body.classList.add('dragging');
});
document.addEventListener('dragleave', () => document.body.classList.remove('dragging'));
document.addEventListener('drop', (e) => {
  e.preventDefault();
  document.body.classList.remove('dragging');
  void guarded(() => takeFiles([...(e.dataTransfer?.files ?? [])]), true);
});

// Compile the kernel while the page waits for files.
setStatus('No annotations yet: drop files, choose them above, or load the sample.', 'empty');
void guarded(async () => {});
