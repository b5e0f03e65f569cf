// Masks -> polygons for the polygon-only formats (YOLO-seg, polygon JSON): the pixel-edge rings of
// each connected part with its holes joined by zero-width cuts, so that the polygons re-rasterise
// by COCO's rule to exactly the mask. The tracing itself is segkit's contour code
// (`maskToPolygons` with `holes: 'bridge'`); until it is part of the build, objects that need it
// are refused with E_UNSUPPORTED and everything else works.
import { SegkitError } from '../errors';
import type { Mask } from '../types';

/** Whether mask tracing is available in this build. */
export const canTrace = false;

/**
 * The polygons of a mask: one per connected part (8-connected foreground), holes bridged.
 *
 * @throws SegkitError `E_UNSUPPORTED` while contour tracing is not in the build.
 */
export function traceBridged(mask: Mask, what: string): number[][] {
  void mask;
  throw new SegkitError(
    'E_UNSUPPORTED',
    `${what}: writing this object needs its outline traced from its pixels (an RLE, or several polygon parts joined with holes: 'bridge'), and contour tracing (maskToPolygons) is not in this build; use holes: 'split' for polygon parts`,
  );
}
