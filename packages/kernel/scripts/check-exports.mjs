// Smoke test of the built kernels: both flavours compile, export the same functions, and the
// arena starts and ends at its base.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const build = join(dirname(fileURLToPath(import.meta.url)), '..', 'build');
const names = {};
for (const flavour of ['release', 'debug']) {
  const mod = new WebAssembly.Module(readFileSync(join(build, `${flavour}.wasm`)));
  const inst = new WebAssembly.Instance(mod, { env: { abort() { throw new Error('abort'); } } });
  const e = inst.exports;
  names[flavour] = WebAssembly.Module.exports(mod).map((x) => x.name).sort().join(',');
  e.arenaReset();
  const base = e.arenaBase();
  const p = e.arenaAlloc(100);
  if (p !== base || e.arenaTop() !== base + 112) throw new Error(`${flavour}: arena misbehaves`);
  e.arenaReset();
  if (e.arenaTop() !== base) throw new Error(`${flavour}: reset does not rewind`);
}
if (names.release !== names.debug) throw new Error(`exports differ:\n${names.release}\n${names.debug}`);
console.log(`kernel ok: ${names.release}`);
