// opencv.js (@techstark/opencv-js): the WebAssembly build of OpenCV, single-threaded, loaded once.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Cv = any;

let loading: Promise<Cv> | undefined;

/** Loads opencv.js once (its runtime initialises asynchronously). */
export function loadCv(): Promise<Cv> {
  loading ??= (async () => {
    let cv = require('@techstark/opencv-js');
    if (cv instanceof Promise) cv = await cv;
    else if (!cv.Mat) await new Promise<void>((resolve) => (cv.onRuntimeInitialized = resolve));
    // The Emscripten module is a thenable: returned from an async function as is, the promise
    // would adopt it again and again and never settle.
    if (typeof cv.then === 'function') delete cv.then;
    return cv;
  })();
  return loading;
}

/** opencv.js version string, e.g. "4.12.0". */
export async function cvVersion(): Promise<string> {
  const cv = await loadCv();
  return cv.getBuildInformation().match(/General configuration for OpenCV ([\d.]+)/)?.[1] ?? 'unknown';
}
