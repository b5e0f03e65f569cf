// The kernel arena is back at its base after every public function, including ones that throw.
import { describe, expect, it } from 'vitest';
import * as segkit from '../src/index';
import { arenaInUse } from '../src/wasm/kernel';

const { rleArea, rleBbox, rleDecode, rleEncode, rleFromBbox, rleFromPolygons, rleFromString, rleIou, rleMerge, rleToString, bboxIou, toCocoRle, fromCocoRle } = segkit;
const { labelComponents, removeSmallComponents, largestComponents, componentsToRle, rasterize, fillPolygons, fillMany } = segkit;
const { traceContours, maskToPolygons } = segkit;

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
    const labels = { width: 37, height: 23, data: new Uint16Array(37 * 23) };
    const labelling = labelComponents({ width: 37, height: 23, data: Uint8Array.from(mask.data, (v, i) => v * (1 + (i % 3))) });
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
      () => labelComponents(mask),
      () => labelComponents({ width: 37, height: 23, data: Uint16Array.from(mask.data, (v, i) => v * (1 + (i % 3))) }, { connectivity: 4, background: 2 }),
      () => removeSmallComponents(mask, 3),
      () => largestComponents({ width: 37, height: 23, data: Int32Array.from(mask.data) }, 2, { connectivity: 4 }),
      () => componentsToRle(labelComponents(mask)),
      () => componentsToRle({ width: 2, height: 1, count: 1, labels: Int32Array.of(5, 0) }), // throws: label > count
      () => labelComponents(mask, { connectivity: 6 as 8 }), // throws: bad option
      () => rleMerge([a, { ...a, width: 1, height: 851 }]), // throws: sizes differ
      () => rleDecode({ height: 2, width: 2, counts: Uint32Array.of(1) }), // throws: bad counts
      () => segkit.instancesToSemantic(record, { order: 'area-desc' }),
      () => segkit.instancesToPanoptic(record, { overlap: 'area' }),
      () => segkit.instancesToPanoptic(record), // throws: overlap under 'fail'
      () => segkit.panopticToSemantic(record),
      () => segkit.toRle(record),
      () => segkit.toPolygons(segkit.toRle(record).record, { tolerance: 1, crowd: 'convert' }),
      () => segkit.semanticToInstances(segkit.instancesToSemantic(record).record, { segmentation: 'polygons' }),
      () => segkit.semanticToInstances(segkit.instancesToSemantic(record).record, { minArea: 3, connectivity: 4 }),
      () => segkit.semanticToInstances(record), // throws: regions of different classes overlap
      () => segkit.measureRle(segkit.annotationRle(record.annotations[0], record.image)),
      () => segkit.segmentationToRle([[0, 0, 5, 0, 5]], 23, 37), // throws: odd coordinates
      () => rasterize([[1, 1, 30, 2, 20, 20], [3, 3, 8, 3, 8, 8]], { width: 37, height: 23 }),
      () => rasterize([[1, 1, 30, 2, 20, 20], [3, 3, 8, 3, 8, 8]], { width: 37, height: 23, rule: 'center', fill: 'nonzero' }),
      () => fillPolygons(labels, [[-5, 4, 50, 2, 20, 30]], 7, { rule: 'center' }),
      () => fillMany(labels, [{ rings: [[1, 1, 30, 2, 20, 20]], value: 1 }, { rings: [[0, 0, 9, 0, 9, 9]], value: 2 }]),
      () => fillMany(labels, [{ rings: [[1, 1, 30, 2, 20, 20]], value: 1 }, { rings: [[0, 0, 9, NaN]], value: 2 }]), // throws: NaN
      () => fillPolygons(labels, [[0, 0, 9, 0, 9, 9]], 70000), // throws: value out of range
      () => traceContours(mask),
      () => traceContours(mask, { mode: 'tree', approx: 'none', coords: 'edge' }),
      () => traceContours(mask, { mode: 'external' }),
      () => traceContours(mask, { mode: 'bogus' as never }), // throws: unknown mode
      () => maskToPolygons(mask),
      () => maskToPolygons(mask, { holes: 'separate', tolerance: 1.5, minIou: 0.9 }),
      () => maskToPolygons(mask, { holes: 'drop', fidelity: true }),
      () => maskToPolygons(mask, { tolerance: -1 }), // throws: negative tolerance
      () => traceContours(labelling, { coords: 'edge', mode: 'tree' }),
      () => traceContours({ ...labelling, count: 0 }), // throws: labels outside 0..count
      () => maskToPolygons(labelling, { tolerance: 1, connectivity: 4 }),
    ];
    // Every runtime export is exercised (types and classes aside).
    const fns = Object.entries(segkit).filter(([n, v]) => typeof v === 'function' && !/Error$/.test(n) && n !== 'init');
    expect(fns.length).toBeGreaterThanOrEqual(22);
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
