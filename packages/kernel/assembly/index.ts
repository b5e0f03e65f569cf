// segkit kernel exports. Every export takes all sizes and flags as arguments, works on linear
// memory in the arena, and returns a status (status.ts). Argument order: outputs, inputs,
// dimensions, flags. Variable-size outputs are described in a result slot (pointer, length).
export { arenaAlloc, arenaReset, arenaTop, arenaBase } from './arena';
export { rleEncode, rleDecode, rleBbox, rleMerge, rleIou, bboxIou } from './rle';
export { rleFromPolygons } from './rle_poly';
export { ccLabel, ccKeep, ccRle, ccMean } from './ccl';
export { polyFill, polySpans, polyMask } from './fill';
export { contourTrace, contourTraceLabels } from './contour';
