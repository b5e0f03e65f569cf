// Bundles a built entry of the package for the browser platform (esbuild, minified) and reports
// every Node-only module it reaches (Node built-ins, native add-ons such as sharp), the bundle's
// size and the kernel's size, raw and gzipped.
//
//   node scripts/browser-bundle.mjs [entry]     (`pnpm size`; default dist/index.js; after `pnpm build`)
//
// Prints the sizes; exits 1 when the entry reaches a Node-only module or a size is over budget.
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The whole kernel (release wasm, as embedded) must stay under this many gzipped bytes. */
export const KERNEL_GZIP_BUDGET = 100 * 1024;
/** So must the whole browser bundle of `segkit` (the kernel included). */
export const BUNDLE_GZIP_BUDGET = 100 * 1024;

/** Packages that only run in Node (native add-ons), besides the built-ins. */
const NODE_ONLY = new Set(['sharp', '@napi-rs/canvas', 'skia-canvas', 'canvas']);
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const isNodeOnly = (spec) => spec.startsWith('node:') || builtins.has(spec) || builtins.has(spec.split('/')[0]) ||
  NODE_ONLY.has(spec) || NODE_ONLY.has(spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/'));
const gzipped = (bytes) => gzipSync(bytes, { level: 9 }).length;

/**
 * Bundles `entry` (a file, or `{contents}` for an in-memory module) for browsers, minified.
 * Returns the Node-only modules it imports (`[{spec, importer}]`) and the bundle's size raw and gzipped.
 */
export async function browserBundle(entry = join(pkgDir, 'dist/index.js')) {
  const nodeImports = [];
  const result = await build({
    ...(typeof entry === 'string'
      ? { entryPoints: [entry] }
      : { stdin: { contents: entry.contents, resolveDir: pkgDir, loader: 'js' } }),
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    logLevel: 'silent',
    plugins: [{
      name: 'no-node-only-modules',
      setup(b) {
        b.onResolve({ filter: /.*/ }, (args) => {
          if (!isNodeOnly(args.path)) return undefined;
          nodeImports.push({ spec: args.path, importer: args.importer || '<stdin>' });
          return { path: args.path, external: true };
        });
      },
    }],
  });
  const code = result.outputFiles[0].contents;
  return { nodeImports, bytes: code.length, gzip: gzipped(code) };
}

/** The release kernel's size: the wasm, and the base64 module the package embeds. */
export function kernelSize() {
  const wasm = readFileSync(require.resolve('@segkit/kernel/release.wasm'));
  const embed = readFileSync(require.resolve('@segkit/kernel/release'));
  return { wasm: wasm.length, wasmGzip: gzipped(wasm), embed: embed.length, embedGzip: gzipped(embed) };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const entry = resolve(process.argv[2] ?? join(pkgDir, 'dist/index.js'));
  const b = await browserBundle(entry);
  const k = kernelSize();
  console.log(`browser bundle of ${entry}: ${kb(b.bytes)} minified, ${kb(b.gzip)} gzipped`);
  console.log(`kernel: ${kb(k.wasm)} wasm, ${kb(k.wasmGzip)} gzipped; embedded as base64: ${kb(k.embed)}, ${kb(k.embedGzip)} gzipped`);
  console.log(`budgets: ${kb(BUNDLE_GZIP_BUDGET)} gzipped for the bundle, ${kb(KERNEL_GZIP_BUDGET)} for the kernel`);
  for (const { spec, importer } of b.nodeImports) console.log(`Node-only module ${spec} imported by ${importer}`);
  process.exit(b.nodeImports.length || k.embedGzip > KERNEL_GZIP_BUDGET || b.gzip > BUNDLE_GZIP_BUDGET ? 1 : 0);
}
