// The kernel arena is back at its base after every public function, including ones that throw.
import { describe, expect, it } from 'vitest';
import * as segkit from '../src/index';
import { arenaInUse } from '../src/wasm/kernel';

const { rleArea, rleBbox, rleDecode, rleEncode, rleFromBbox, rleFromPolygons, rleFromString, rleIou, rleMerge, rleToString, bboxIou, toCocoRle, fromCocoRle } = segkit;

describe('arena', () => {
  it('every public function leaves the arena at its base, across 100k calls', () => {
    const mask = { width: 37, height: 23, data: Uint8Array.from({ length: 37 * 23 }, (_, i) => (i * 7919) % 5 < 2 ? 1 : 0) };
    const a = rleEncode(mask);
    const b = rleFromPolygons([[1, 1, 30, 2, 20, 20], [3, 3, 8, 3, 8, 8]], 23, 37);
    const record: segkit.ImageRecord = {
      image: { id: 1, fileName: 'a.jpg', width: 37, height: 23 },
      annotations: [
        { id: 1, categoryId: 1, iscrowd: false, segmentation: [[1, 1, 30, 2, 20, 20]], bbox: [0, 0, 0, 0], area: 0 },
        { id: 2, categoryId: 2, iscrowd: false, segmentation: a, bbox: [0, 0, 0, 0], area: 0 },
      ],
    };
    const ops: Array<() => unknown> = [
      () => rleEncode(mask),
      () => rleDecode(a),
      () => rleToString(a),
      () => rleFromString(rleToString(b), 23, 37),
      () => rleArea(a),
      () => rleBbox(b),
      () => rleIou([a, b], [b, a], [0, 1]),
      () => bboxIou([[0, 0, 3, 3]], [[1, 1, 3, 3]], [0]),
      () => rleMerge([a, b, a], false),
      () => rleMerge([a, b], true),
      () => rleFromBbox([1.5, 2.5, 10, 7], 23, 37),
      () => rleFromPolygons([[0, 0, 40, 0, 40, 40]], 23, 37),
      () => fromCocoRle(toCocoRle(b)),
      () => rleMerge([a, { ...a, width: 1, height: 851 }]), // throws: sizes differ
      () => rleDecode({ height: 2, width: 2, counts: Uint32Array.of(1) }), // throws: bad counts
      () => segkit.instancesToSemantic(record, { order: 'area-desc' }),
      () => segkit.instancesToPanoptic(record, { overlap: 'area' }),
      () => segkit.instancesToPanoptic(record), // throws: overlap under 'fail'
      () => segkit.panopticToSemantic(record),
      () => segkit.toRle(record),
      () => segkit.measureRle(segkit.annotationRle(record.annotations[0], record.image)),
      () => segkit.segmentationToRle([[0, 0, 5, 0, 5]], 23, 37), // throws: odd coordinates
    ];
    // Every runtime export is exercised (types and classes aside).
    const fns = Object.entries(segkit).filter(([n, v]) => typeof v === 'function' && !/Error$/.test(n) && n !== 'init');
    expect(fns.length).toBeGreaterThanOrEqual(13);
    let calls = 0;
    for (let round = 0; calls < 100_000; round++) {
      for (const op of ops) {
        try {
          op();
        } catch (e) {
          expect(e).toBeInstanceOf(segkit.SegkitError);
        }
        calls++;
        if (arenaInUse() !== 0) throw new Error(`arena not at base after op ${ops.indexOf(op)} (round ${round})`);
      }
    }
    expect(arenaInUse()).toBe(0);
  });

  it('init() is idempotent and the API works after it', async () => {
    await segkit.init();
    await segkit.init();
    expect(rleArea(rleFromBbox([0, 0, 2, 2], 4, 4))).toBe(4);
  });
});
