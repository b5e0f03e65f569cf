// Public data types: plain records of typed arrays. x is the column, y the row.

/**
 * A binary mask, row-major: pixel (x, y) is `data[y * width + x]`; any non-zero byte is
 * foreground. Functions that return masks write 0/1.
 */
export interface Mask {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * A label map, row-major: one class or instance value per pixel (`data[y * width + x]`).
 * A `Mask` is a label map of 0s and 1s.
 */
export interface LabelMap {
  width: number;
  height: number;
  data: Uint8Array | Uint16Array | Int32Array;
}

/**
 * COCO run-length encoding: `counts` are runs over the mask in column-major order (pixel (x, y)
 * at index `x * height + y`), alternating 0s and 1s and starting with a run of 0s (0 when the
 * first pixel is foreground). The counts add up to `height * width`.
 */
export interface Rle {
  height: number;
  width: number;
  counts: Uint32Array;
}

/** A box `[x, y, width, height]` in pixels (COCO's bbox). */
export type Bbox = [number, number, number, number];

/** COCO's JSON form of an RLE: `counts` compressed (string) or uncompressed (numbers). */
export interface CocoRle {
  size: [number, number];
  counts: string | number[];
}

/**
 * Connected components of a mask or label map (`labelComponents`). Component k (1..count) is the
 * k-th met scanning rows top to bottom, each left to right; per-component arrays are indexed by
 * k - 1.
 */
export interface Components {
  width: number;
  height: number;
  /** Number of components (background excluded). */
  count: number;
  /** Row-major, `width * height`: 0 for background, else the pixel's component 1..count. */
  labels: Int32Array;
  /** Pixels per component, `count` entries. */
  area: Uint32Array;
  /** `[x, y, width, height]` per component (left column, top row), `4 * count` entries. */
  bbox: Int32Array;
  /**
   * `[mean x, mean y]` of the pixel indices per component, `2 * count` entries: the sum of the
   * column (row) indices divided by the area, correctly rounded. Pixel (x, y)'s own centroid is
   * (x, y) here, as in OpenCV (add 0.5 for the pixel-centre convention).
   */
  centroid: Float64Array;
  /** The input value of each component's pixels, `count` entries. */
  value: Int32Array;
}

/**
 * Contours as flat typed arrays, in OpenCV's layout: contour i has the vertices
 * `offsets[i] .. offsets[i + 1] - 1`, vertex j at `(points[2j], points[2j + 1])` = (x, y); its row
 * of `hierarchy` is `[next, previous, firstChild, parent]` (indices of contours, -1 for none).
 */
export interface Contours {
  count: number;
  points: Int32Array;
  offsets: Uint32Array;
  hierarchy: Int32Array;
}

/**
 * The fields of a labelling that tracing reads, a subset of `labelComponents`' output: component k
 * (1..count) covers the pixels where `labels` is k (0 = none); `value[k - 1]` is its class value.
 */
export type Labelling = Pick<Components, 'width' | 'height' | 'count' | 'labels' | 'value'>;

/** Contours of the components of a labelling: each contour's component label and class value. */
export interface ComponentContours extends Contours {
  /** Per contour, the label (1..count) of the component it bounds. */
  label: Int32Array;
  /** Per contour, that component's class value. */
  value: Int32Array;
}
