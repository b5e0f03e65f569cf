// Terminal table and markdown table of results.
import type { CaseResult } from './run';

export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '-';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  if (ms >= 0.001) return `${(ms * 1000).toFixed(2)} µs`;
  return `${(ms * 1e6).toFixed(1)} ns`;
}

const ratio = (r: number | undefined) => (r === undefined ? '-' : `${r.toFixed(r >= 10 ? 0 : r >= 1.1 ? 1 : 2)}x`);

/** The median, and the rate it makes for cases that report one (e.g. '27.3 ms (36.6 images/s)'). */
const medianCell = (c: CaseResult, ms: number | undefined) =>
  `${formatMs(ms)}${c.throughput && ms ? ` (${(1000 / ms).toFixed(1)} ${c.throughput})` : ''}`;

/** 'name: value' pairs of a case's facts. */
export const factsLine = (c: CaseResult) => Object.entries(c.facts ?? {}).map(([k, v]) => `${k}: ${v}`).join(', ');

function rows(c: CaseResult): string[][] {
  const out: string[][] = [];
  for (const i of c.impls) {
    const status = i.status === 'ok' ? '' : `${i.status}: ${i.detail ?? ''}`;
    out.push([i.name, medianCell(c, i.median), `${formatMs(i.min)} – ${formatMs(i.max)}`, i.name === 'segkit' ? '1x' : ratio(i.ratio), status || i.includes]);
  }
  if (c.reference) {
    out.push([`${c.reference.name}*`, medianCell(c, c.reference.ms), '', ratio(c.reference.ratio), c.reference.source]);
  }
  return out;
}

export function terminalTable(results: CaseResult[]): string {
  const lines: string[] = [];
  for (const c of results) {
    lines.push('', `${c.name}: ${c.title} (time ${c.unit})`);
    const rs = [['implementation', 'median', 'min – max', 'vs segkit', 'time includes'], ...rows(c)];
    const widths = rs[0].map((_, k) => Math.max(...rs.map((r) => r[k].length)));
    for (const r of rs) lines.push('  ' + r.map((v, k) => (k === r.length - 1 ? v : v.padEnd(widths[k]))).join('  '));
    if (c.facts && Object.keys(c.facts).length) lines.push(`  ${factsLine(c)}`);
  }
  lines.push('', 'vs segkit = implementation median / segkit median (above 1x: segkit is faster). * = figure from outside this run.');
  return lines.join('\n');
}

export function markdownTable(results: CaseResult[]): string {
  const lines = ['| case | implementation | median | min – max | vs segkit |', '|---|---|---|---|---|'];
  for (const c of results) {
    rows(c).forEach((r, k) => {
      lines.push(`| ${k === 0 ? `${c.name} (${c.unit})` : ''} | ${r[0]}${r[4].startsWith('mismatch') || r[4].startsWith('unavailable') ? ` (${r[4].split(':')[0]})` : ''} | ${r[1]} | ${r[2]} | ${r[3]} |`);
    });
  }
  return lines.join('\n');
}
