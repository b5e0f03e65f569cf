// Options shared by the connected-components functions.
import { checkInt, checkOneOf, fail } from '../validate';

/** How components are formed (`labelComponents`, `removeSmallComponents`, `largestComponents`). */
export interface LabelOptions {
  /**
   * 8 (default): pixels touching at a corner are connected; 4: only pixels sharing an edge
   * (left, right, up, down).
   */
  connectivity?: 4 | 8;
  /**
   * The value that belongs to no component; default 0. Any 32-bit integer: with a non-zero
   * background, 0 is an ordinary value; a background that never occurs makes every pixel part of
   * some component.
   */
  background?: number;
}

/** Validated options with their defaults. */
export function resolveLabelOptions(options: LabelOptions | undefined, path = 'options'): Required<LabelOptions> {
  if (options === undefined) return { connectivity: 8, background: 0 };
  if (typeof options !== 'object' || options === null) fail(path, 'an options object {connectivity, background}', options);
  const connectivity = options.connectivity === undefined ? 8 : checkOneOf(options.connectivity, `${path}.connectivity`, [4, 8] as const);
  const background = options.background === undefined ? 0 : checkInt(options.background, `${path}.background`, -(2 ** 31), 2 ** 31 - 1);
  return { connectivity, background };
}
