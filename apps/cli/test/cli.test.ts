import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildProgram, runProgram, type Io } from '../src/program';

const sample = fileURLToPath(new URL('../../../examples/sample-coco.json', import.meta.url));

function capture(): Io & { lines: string[]; errs: string[] } {
  const lines: string[] = [];
  const errs: string[] = [];
  return { lines, errs, out: (l) => lines.push(l), err: (l) => errs.push(l) };
}

describe('segkit CLI', () => {
  it('coco-rle prints area and bbox by COCO\'s rule for every annotation of the sample', async () => {
    const io = capture();
    const code = await runProgram(buildProgram(io), ['coco-rle', sample, '--json'], io);
    expect(code).toBe(0);
    const rows = io.lines.map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual([101, 102, 103, 104, 201]);
    // the two-part box annotation: 160x80 + 30x30 pixels
    expect(rows[1].area).toBe(160 * 80 + 30 * 30);
    expect(rows[1].bbox).toEqual([400, 250, 200, 80]);
  });

  it('exits 2 with the file and location for bad data, 1 for usage errors', async () => {
    const io = capture();
    expect(await runProgram(buildProgram(io), ['coco-rle', '/nonexistent.json'], io)).toBe(2);
    expect(io.errs.join('\n')).toMatch(/nonexistent\.json.*ENOENT/);
    const io2 = capture();
    expect(await runProgram(buildProgram(io2), ['coco-rle'], io2)).toBe(1);
    const io3 = capture();
    expect(await runProgram(buildProgram(io3), ['no-such-command'], io3)).toBe(1);
  });
});
