// Files and folders on disk (segkit/node): streamed reads at any offset, writes that appear only
// when complete, paths from data kept inside their folder; and the browser entry imports no Node
// built-in.
import { mkdtempSync, readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, safePath, memoryFiles } from '../src/index';
import { fileSink, fileSource, folderFiles, readCocoFile, writeCocoFile } from '../src/node/index';
import { collect } from './datasets';

const tmp = () => mkdtempSync(join(tmpdir(), 'segkit-io-'));

describe('files on disk', () => {
  it('fileSource streams in chunks and reads at any offset', async () => {
    const dir = tmp();
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) & 255);
    writeFileSync(join(dir, 'a.bin'), bytes);
    const src = await fileSource(join(dir, 'a.bin'), { chunkSize: 7 });
    const parts: number[] = [];
    for await (const c of src.chunks()) {
      expect(c.length).toBeLessThanOrEqual(7);
      parts.push(...c);
    }
    expect(Uint8Array.from(parts)).toEqual(bytes);
    expect(await src.read(990, 50)).toEqual(bytes.subarray(990));
    expect(await src.read(3, 4)).toEqual(bytes.subarray(3, 7));
  });

  it('fileSink: nothing under the name until close; abort leaves nothing; overwrite: false refuses', async () => {
    const dir = tmp();
    const path = join(dir, 'sub', 'out.json');
    const sink = await fileSink(path);
    await sink.write(new TextEncoder().encode('{"a":'));
    expect(existsSync(path)).toBe(false);
    await sink.write(new TextEncoder().encode('1}'));
    await sink.close();
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}');
    const aborted = await fileSink(join(dir, 'b.json'));
    await aborted.write(Uint8Array.of(1, 2));
    await aborted.abort();
    expect(readdirSync(dir).sort()).toEqual(['sub']);
    await expect(fileSink(path, { overwrite: false })).rejects.toThrow(InvalidInputError);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['out.json']);
  });

  it('a failed COCO write leaves no file behind', async () => {
    const dir = tmp();
    const bad = { header: { kind: 'instances' as const, categories: [] }, records: (async function* () { yield { image: { id: 1, fileName: 'a', width: 1, height: 1 }, annotations: [{ id: 1, categoryId: 1, iscrowd: false, segmentation: [[0]], bbox: [0, 0, 0, 0], area: 0 }] } as never; })() };
    await expect(writeCocoFile(join(dir, 'x.json'), bad)).rejects.toThrow(/records\[0\]\.annotations\[0\]\.segmentation\[0\]/);
    expect(readdirSync(dir)).toEqual([]);
    const good = { header: { kind: 'instances' as const, categories: [{ id: 1, name: 'a' }] }, records: (async function* () { yield { image: { id: 1, fileName: 'a.jpg', width: 2, height: 2 }, annotations: [] }; })() };
    await writeCocoFile(join(dir, 'y.json'), good);
    expect((await collect(await readCocoFile(join(dir, 'y.json')))).map((r) => r.image.id)).toEqual([1]);
  });

  it('folderFiles lists recursively and refuses paths that leave the folder', async () => {
    const dir = tmp();
    const f = folderFiles(dir);
    await f.write('a/b/c.png', Uint8Array.of(1));
    await f.write('d.png', Uint8Array.of(2));
    expect(await f.list()).toEqual(['a/b/c.png', 'd.png']);
    expect(await f.list('a')).toEqual(['a/b/c.png']);
    expect(await f.read('a/b/c.png')).toEqual(Buffer.of(1));
    for (const p of ['../x.png', '/etc/passwd', 'a/../../x', 'a\\..\\x', 'a\0b', 'C:/x', '']) {
      await expect(f.write(p, Uint8Array.of(0))).rejects.toThrow(InvalidInputError);
      await expect(f.read(p)).rejects.toThrow(InvalidInputError);
    }
    expect(readdirSync(dir).sort()).toEqual(['a', 'd.png']);
    expect(safePath('./a//b.png')).toBe('a/b.png');
    await expect(memoryFiles().write('../x', Uint8Array.of(0))).rejects.toThrow(/relative path inside the folder \(no '\.\.'\)/);
  });
});

describe('browser entry', () => {
  const src = fileURLToPath(new URL('../src', import.meta.url));
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

  it('no source outside src/node imports a Node built-in', () => {
    const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.startsWith('node'));
    expect(files.length).toBeGreaterThan(30);
    for (const f of files) {
      const text = readFileSync(join(src, f), 'utf8');
      for (const m of text.matchAll(/from '([^']+)'/g)) expect(builtins.has(m[1]), `${f} imports ${m[1]}`).toBe(false);
    }
  });

  it('the built index.js and the chunks it loads import no Node built-in (after pnpm build)', () => {
    const dist = fileURLToPath(new URL('../dist', import.meta.url));
    if (!existsSync(join(dist, 'index.js'))) return; // the build runs before the tests in `pnpm test`
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(join(dist, file), 'utf8');
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
        expect(builtins.has(m[1]), `${file} imports ${m[1]}`).toBe(false);
        if (m[1].startsWith('./')) visit(m[1].slice(2));
      }
    };
    visit('index.js');
    expect(seen.size).toBeGreaterThan(1);
    expect([...seen].some((f) => f.startsWith('node'))).toBe(false);
  });
});
