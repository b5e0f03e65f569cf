// Drawing an image's objects over its picture (or a neutral background of the image's size):
// masks as translucent colour per pixel, or traced contours filled and outlined.
import { FILL_ALPHA, NEUTRAL, css } from './colors';
import type { Rings, SceneObject, Tracing } from './objects';

/** What to draw. */
export interface DrawState {
  width: number;
  height: number;
  picture?: CanvasImageSource;
  objects: readonly SceneObject[];
  /** 1 + index of the object on top at each pixel (see `ownerMap`). */
  owner: Int32Array;
  view: 'mask' | 'polygon';
  tracing: Tracing;
  /** The rings of every object for `tracing` (polygon view, and the hovered outline). */
  rings: readonly Rings[];
  /** Index of the hovered object, or -1. */
  hover: number;
}

/** Draws `s` on `canvas`, resized to the image. */
export function draw(canvas: HTMLCanvasElement, s: DrawState): void {
  if (canvas.width !== s.width || canvas.height !== s.height) {
    canvas.width = s.width;
    canvas.height = s.height;
  }
  const ctx = canvas.getContext('2d')!;
  ctx.globalAlpha = 1;
  if (s.picture) {
    ctx.drawImage(s.picture, 0, 0, s.width, s.height);
  } else {
    ctx.fillStyle = css(NEUTRAL);
    ctx.fillRect(0, 0, s.width, s.height);
  }
  if (s.view === 'mask') drawMasks(ctx, s);
  else s.objects.forEach((o, j) => drawRings(ctx, s.rings[j], s.tracing, css(o.color, FILL_ALPHA), css(o.color)));
  if (s.hover >= 0) drawRings(ctx, s.rings[s.hover], s.tracing, undefined, '#ffffff', 2);
}

/** Every pixel of an object in its colour, through an overlay of the image's size. */
function drawMasks(ctx: CanvasRenderingContext2D, s: DrawState): void {
  const overlay = new ImageData(s.width, s.height);
  const px = overlay.data;
  for (let p = 0; p < s.owner.length; p++) {
    const j = s.owner[p];
    if (j === 0) continue;
    const [r, g, b] = s.objects[j - 1].color;
    px[4 * p] = r;
    px[4 * p + 1] = g;
    px[4 * p + 2] = b;
    px[4 * p + 3] = FILL_ALPHA;
  }
  const layer = new OffscreenCanvas(s.width, s.height);
  layer.getContext('2d')!.putImageData(overlay, 0, 0);
  ctx.drawImage(layer, 0, 0);
}

/**
 * Rings as one path (holes cut by the even-odd rule). Centre vertices are pixel indices: drawn at
 * the pixel's centre (x + 0.5, y + 0.5); edge vertices are pixel corners, drawn where they are.
 */
function drawRings(ctx: CanvasRenderingContext2D, rings: Rings, tracing: Tracing, fill?: string, stroke?: string, lineWidth = 1): void {
  const shift = tracing === 'center' ? 0.5 : 0;
  const path = new Path2D();
  for (const ring of rings) {
    path.moveTo(ring[0] + shift, ring[1] + shift);
    for (let i = 2; i < ring.length; i += 2) path.lineTo(ring[i] + shift, ring[i + 1] + shift);
    path.closePath();
  }
  if (fill) {
    ctx.fillStyle = fill;
    ctx.fill(path, 'evenodd');
  }
  if (stroke) {
    ctx.strokeStyle = stroke;
    ctx.lineWidth = lineWidth;
    ctx.stroke(path);
  }
}
