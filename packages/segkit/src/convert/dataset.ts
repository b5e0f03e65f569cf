// A per-record conversion applied to a whole dataset, streaming.
import type { Converted, Dataset, DatasetKind, AnnotationFidelity, ImageRecord } from '../dataset/model';

/**
 * A dataset whose records are converted one at a time as they are read; `onReport` receives each
 * image's fidelity report.
 *
 * @param dataset - the source.
 * @param kind - the kind of the converted records.
 * @param convert - a per-record conversion, e.g. `(r) => instancesToPanoptic(r, { categories, overlap: 'area' })`.
 * @example
 * const panoptic = convertDataset(coco, 'panoptic', (r) => instancesToPanoptic(r, { categories: coco.header.categories }));
 */
export function convertDataset(
  dataset: Dataset,
  kind: DatasetKind,
  convert: (record: ImageRecord) => Converted,
  onReport?: (record: ImageRecord, report: AnnotationFidelity[]) => void,
): Dataset {
  return {
    header: { ...dataset.header, kind, results: false },
    records: {
      async *[Symbol.asyncIterator]() {
        for await (const r of dataset.records) {
          const { record, report } = convert(r);
          onReport?.(r, report);
          yield record;
        }
      },
    },
  };
}
