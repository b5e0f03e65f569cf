// Draws one image record as an overlay picture: each annotation's exact pixels (COCO's rule,
// decoded with segkit) alpha-blended onto the picture in JS, then outlines along pixel edges,
// class labels and a legend drawn with @napi-rs/canvas on top.
import { createCanvas, type Canvas, type Image, type SKRSContext2D } from '@napi-rs/canvas';
import {
  FormatError, annotationRle, labelComponents, rleArea, rleBbox, rleDecode, traceContours,
  type Annotation, type Category, type DatasetKind, type ImageRecord, type Mask, type Rle,
} from 'segkit/node';
import { classColor, css, instanceColor, textColorOn, type Rgb } from './colors';

export interface RenderOptions {
  /** `'instance'`: every thing its own shade of its class colour (stuff by class); `'class'`: all by class. */
  colorBy: 'class' | 'instance';
  /** Opacity of the mask fill, 0..1. */
  alpha: number;
  outline: boolean;
  labels: boolean;
  legend: boolean;
}

/** The grey a missing picture is replaced by. */
export const GREY: Rgb = [128, 128, 128];

/** One channel of the mask fill: the picture value `p` under colour `c` at opacity `a`. */
export const blend = (p: number, c: number, a: number) => Math.round(p * (1 - a) + c * a);

/** Outline width in pixels: even, so a line along a pixel edge covers whole pixels on both sides. */
export const outlineWidth = (w: number, h: number) => 2 * Math.max(1, Math.round(Math.min(w, h) / 600));

const fontSize = (w: number, h: number) => Math.min(32, Math.max(10, Math.round(Math.min(w, h) / 36)));

interface Drawn {
  ann: Annotation;
  rle: Rle;
  area: number;
  bbox: number[];
  color: Rgb;
  name: string;
}

/** The colour and display name of every annotation, by the category table and `colorBy`. */
export function annotationColors(record: ImageRecord, categories: Category[], kind: DatasetKind, colorBy: RenderOptions['colorBy']) {
  const index = new Map(categories.map((c, i) => [c.id, i]));
  const seen = new Map<number, number>();
  return record.annotations.map((ann) => {
    const i = index.get(ann.categoryId);
    const cat = i === undefined ? undefined : categories[i];
    const base = classColor(cat, i ?? categories.length + ann.categoryId);
    const k = seen.get(ann.categoryId) ?? 0;
    seen.set(ann.categoryId, k + 1);
    const byInstance = colorBy === 'instance' && kind !== 'semantic' && cat?.isthing !== false && !ann.iscrowd;
    return { base, color: byInstance ? instanceColor(base, k) : base, name: cat?.name ?? `class ${ann.categoryId}` };
  });
}

/**
 * Renders a record onto `picture` (scaled to the image's size) or, when null, onto grey.
 *
 * @throws FormatError naming `input` and the annotation when a segmentation does not fit the image.
 */
export function renderRecord(record: ImageRecord, categories: Category[], kind: DatasetKind, picture: Image | null, o: RenderOptions, input: string): Canvas {
  const { width: w, height: h } = record.image;
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  if (picture) {
    ctx.drawImage(picture, 0, 0, w, h);
  } else {
    ctx.fillStyle = css(GREY);
    ctx.fillRect(0, 0, w, h);
  }
  const colors = annotationColors(record, categories, kind, o.colorBy);
  const drawn: Drawn[] = record.annotations.map((ann, i) => {
    let rle: Rle;
    try {
      rle = annotationRle(ann, record.image, `annotations[${i}]`);
    } catch (e) {
      throw new FormatError(input, `image ${JSON.stringify(record.image.id)}, annotation ${JSON.stringify(ann.id)}`, (e as Error).message);
    }
    return { ann, rle, area: rleArea(rle), bbox: rleBbox(rle), color: colors[i].color, name: colors[i].name };
  });
  // Larger objects first, so smaller ones stay visible on top (stable: ties keep file order).
  const order = drawn.map((_, i) => i).sort((a, b) => drawn[b].area - drawn[a].area || a - b);

  const px = ctx.getImageData(0, 0, w, h);
  const crops = new Map<number, Mask>();
  for (const i of order) {
    const d = drawn[i];
    if (d.area === 0) continue;
    const mask = rleDecode(d.rle);
    const [bx, by, bw, bh] = d.bbox;
    const crop: Mask = { width: bw, height: bh, data: new Uint8Array(bw * bh) };
    for (let y = 0; y < bh; y++) {
      for (let x = 0; x < bw; x++) {
        if (!mask.data[(by + y) * w + bx + x]) continue;
        crop.data[y * bw + x] = 1;
        const p = 4 * ((by + y) * w + bx + x);
        for (let c = 0; c < 3; c++) px.data[p + c] = blend(px.data[p + c], d.color[c], o.alpha);
      }
    }
    crops.set(i, crop);
  }
  ctx.putImageData(px, 0, 0);

  if (o.outline) {
    ctx.lineWidth = outlineWidth(w, h);
    ctx.lineJoin = 'miter';
    for (const i of order) {
      const d = drawn[i];
      ctx.strokeStyle = css(d.color);
      const crop = crops.get(i);
      if (crop) strokeRings(ctx, crop, d.bbox[0], d.bbox[1]);
      else if (d.ann.bbox[2] > 0 && d.ann.bbox[3] > 0) strokeBox(ctx, d.ann.bbox);
    }
  }
  const fs = fontSize(w, h);
  ctx.font = `${fs}px sans-serif`;
  ctx.textBaseline = 'middle';
  if (o.labels) {
    for (const i of order) {
      const d = drawn[i];
      const at = labelAnchor(crops.get(i), d.bbox, d.ann);
      if (at) tag(ctx, `${d.name}${d.ann.iscrowd ? ' (crowd)' : ''}`, at, d.color, fs, w, h);
    }
  }
  if (o.legend) {
    const classes = new Map<string, Rgb>();
    const present = new Set(record.annotations.map((a) => a.categoryId));
    const idx = new Map(categories.map((c, i) => [c.id, i]));
    const ids = [...present].sort((a, b) => (idx.get(a) ?? Infinity) - (idx.get(b) ?? Infinity) || a - b);
    for (const id of ids) {
      const j = record.annotations.findIndex((a) => a.categoryId === id);
      classes.set(colors[j].name, colors[j].base);
    }
    drawLegend(ctx, classes, fs, w, h);
  }
  return canvas;
}

/** Strokes the pixel-edge rings of a cropped mask, shifted to (ox, oy). */
function strokeRings(ctx: SKRSContext2D, crop: Mask, ox: number, oy: number): void {
  const k = traceContours(crop, { coords: 'edge' });
  ctx.beginPath();
  for (let c = 0; c < k.count; c++) {
    for (let j = k.offsets[c]; j < k.offsets[c + 1]; j++) {
      const x = k.points[2 * j] + ox;
      const y = k.points[2 * j + 1] + oy;
      if (j === k.offsets[c]) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.closePath();
  }
  ctx.stroke();
}

/** A box-only annotation: its box, dashed. */
function strokeBox(ctx: SKRSContext2D, [x, y, bw, bh]: number[]): void {
  ctx.setLineDash([6, 4]);
  ctx.strokeRect(x, y, bw, bh);
  ctx.setLineDash([]);
}

/**
 * Where a label goes: the centroid of the largest 8-connected part when that pixel is in the part
 * (`centered`), else the top-left corner of the part's box; a box-only annotation's box corner.
 */
function labelAnchor(crop: Mask | undefined, bbox: number[], ann: Annotation): { x: number; y: number; centered: boolean } | null {
  if (!crop) return ann.bbox[2] > 0 && ann.bbox[3] > 0 ? { x: ann.bbox[0], y: ann.bbox[1], centered: false } : null;
  const c = labelComponents(crop, { connectivity: 8 });
  let best = 0;
  for (let k = 1; k < c.count; k++) if (c.area[k] > c.area[best]) best = k;
  const cx = Math.round(c.centroid[2 * best]);
  const cy = Math.round(c.centroid[2 * best + 1]);
  if (c.labels[cy * crop.width + cx] === best + 1) return { x: bbox[0] + cx + 0.5, y: bbox[1] + cy + 0.5, centered: true };
  return { x: bbox[0] + c.bbox[4 * best], y: bbox[1] + c.bbox[4 * best + 1], centered: false };
}

/** A text tag on a box of colour `color`, kept inside the picture. */
function tag(ctx: SKRSContext2D, text: string, at: { x: number; y: number; centered: boolean }, color: Rgb, fs: number, w: number, h: number): void {
  const pad = Math.max(2, Math.round(fs / 5));
  const tw = Math.ceil(ctx.measureText(text).width) + 2 * pad;
  const th = fs + 2 * pad;
  let x = at.centered ? at.x - tw / 2 : at.x;
  let y = at.centered ? at.y - th / 2 : at.y;
  x = Math.round(Math.max(0, Math.min(w - tw, x)));
  y = Math.round(Math.max(0, Math.min(h - th, y)));
  ctx.fillStyle = css(color);
  ctx.fillRect(x, y, tw, th);
  ctx.fillStyle = textColorOn(color);
  ctx.fillText(text, x + pad, y + th / 2);
}

/** The legend: a swatch and a name per class present, in the top-right corner. */
function drawLegend(ctx: SKRSContext2D, classes: Map<string, Rgb>, fs: number, w: number, h: number): void {
  if (classes.size === 0) return;
  const pad = Math.max(3, Math.round(fs / 3));
  const row = fs + pad;
  const rows = [...classes];
  const fit = Math.max(1, Math.floor((h - 4 * pad) / row));
  const shown = rows.length > fit ? rows.slice(0, fit - 1) : rows;
  const more = rows.length - shown.length;
  const labels = shown.map(([name]) => name).concat(more > 0 ? [`+${more} more`] : []);
  const sw = fs;
  const tw = Math.max(...labels.map((l) => ctx.measureText(l).width));
  const bw = Math.ceil(sw + pad + tw + 2 * pad);
  const bh = labels.length * row + pad;
  const x0 = Math.max(0, w - bw - pad);
  const y0 = Math.min(pad, Math.max(0, h - bh));
  ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
  ctx.fillRect(x0, y0, bw, bh);
  ctx.lineWidth = 1;
  ctx.strokeStyle = '#333';
  ctx.strokeRect(x0 + 0.5, y0 + 0.5, bw - 1, bh - 1);
  labels.forEach((label, r) => {
    const y = y0 + pad + r * row;
    if (r < shown.length) {
      ctx.fillStyle = css(shown[r][1]);
      ctx.fillRect(x0 + pad, y, sw, fs);
    }
    ctx.fillStyle = '#000';
    ctx.fillText(label, x0 + pad + sw + pad, y + fs / 2);
  });
}
