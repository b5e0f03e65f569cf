// Where an annotation was read from (file and JSON path or line), for messages about it later
// (validation). Kept beside the records, not in them: records stay plain data, and an annotation
// copied or rebuilt simply has no origin (messages then name its place in the records).
import type { Annotation } from '../dataset/model';

const origins = new WeakMap<Annotation, { file: string; location: string }>();

/** Records where a reader found an annotation. */
export function setOrigin(ann: Annotation, file: string, location: string): void {
  origins.set(ann, { file, location });
}

/** Where a reader found an annotation, if one said. */
export function originOf(ann: Annotation): { file: string; location: string } | undefined {
  return origins.get(ann);
}
