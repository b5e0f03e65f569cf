// The subset of YAML that Ultralytics dataset files (data.yaml) use: top-level `key: value`
// pairs whose values are scalars, flow lists `[a, b]`, flow maps `{0: a}`, or indented blocks of
// `- item` or `key: value` lines; `#` comments; single- and double-quoted strings. Anything else
// is refused with the line it is on.
import { FormatError } from '../../errors';

/** A parsed value: scalars stay strings (numbers are not converted); lists; maps. */
export type YamlValue = string | null | YamlValue[] | { [key: string]: YamlValue };

/** Parses a data.yaml-style document into its top-level map. */
export function parseYaml(text: string, file: string): Record<string, YamlValue> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const out: Record<string, YamlValue> = {};
  const err = (i: number, msg: string): never => {
    throw new FormatError(file, `line ${i + 1}`, msg);
  };
  let i = 0;
  while (i < lines.length) {
    const line = stripComment(lines[i]);
    if (line.trim() === '' || line.trim() === '---') {
      i++;
      continue;
    }
    if (/^\s/.test(line)) err(i, 'an indented line outside a block (only top-level keys and their blocks are read)');
    const m = /^([^:]+?)\s*:(?:\s+(.*))?$/.exec(line);
    if (!m) err(i, `expected "key: value" but found ${JSON.stringify(line.trim())}`);
    const key = unquote(m![1], i, err);
    const rest = (m![2] ?? '').trim();
    i++;
    if (rest !== '') {
      out[key] = flowValue(rest, i - 1, err);
      continue;
    }
    // an indented block (or nothing: null)
    const block: { text: string; line: number }[] = [];
    while (i < lines.length) {
      const l = stripComment(lines[i]);
      if (l.trim() === '') {
        i++;
        continue;
      }
      if (!/^\s/.test(l) && !l.startsWith('-')) break;
      block.push({ text: l.trim(), line: i });
      i++;
    }
    if (block.length === 0) out[key] = null;
    else if (block[0].text.startsWith('-')) {
      out[key] = block.map((b) => {
        if (!b.text.startsWith('-')) err(b.line, 'expected a list item "- value"');
        return flowValue(b.text.slice(1).trim(), b.line, err);
      });
    } else {
      const map: Record<string, YamlValue> = {};
      for (const b of block) {
        const e = /^([^:]+?)\s*:(?:\s+(.*))?$/.exec(b.text);
        if (!e) err(b.line, `expected "key: value" but found ${JSON.stringify(b.text)}`);
        map[unquote(e![1], b.line, err)] = flowValue((e![2] ?? '').trim(), b.line, err);
      }
      out[key] = map;
    }
  }
  return out;
}

/**
 * The first index from `from` whose character, outside single or double quotes, satisfies `hit`;
 * -1 when there is none.
 */
function findOutsideQuotes(s: string, hit: (c: string, k: number) => boolean, from = 0): number {
  let q = '';
  for (let k = from; k < s.length; k++) {
    const c = s[k];
    if (q) {
      if (c === q) q = '';
    } else if (c === '"' || c === "'") q = c;
    else if (hit(c, k)) return k;
  }
  return -1;
}

/** A line without its comment (a `#` at the start or after a space, outside quotes). */
function stripComment(line: string): string {
  const k = findOutsideQuotes(line, (c, at) => c === '#' && (at === 0 || /\s/.test(line[at - 1])));
  return (k < 0 ? line : line.slice(0, k)).trimEnd();
}

function unquote(s: string, line: number, err: (i: number, m: string) => never): string {
  const t = s.trim();
  if (t.length >= 2 && t[0] === '"' && t[t.length - 1] === '"') {
    try {
      return JSON.parse(t) as string;
    } catch {
      err(line, `a malformed double-quoted string ${t}`);
    }
  }
  if (t.length >= 2 && t[0] === "'" && t[t.length - 1] === "'") return t.slice(1, -1).replace(/''/g, "'");
  return t;
}

/** A scalar, a flow list or a flow map (one level of nesting is enough for data.yaml). */
function flowValue(s: string, line: number, err: (i: number, m: string) => never): YamlValue {
  if (s === '' || s === '~' || s === 'null') return null;
  if (s.startsWith('[') || s.startsWith('{')) {
    const close = s[0] === '[' ? ']' : '}';
    if (!s.endsWith(close)) err(line, `an unclosed flow ${s[0] === '[' ? 'list' : 'map'}`);
    const items = splitFlow(s.slice(1, -1), line, err);
    if (s[0] === '[') return items.map((t) => unquote(t, line, err));
    const map: Record<string, YamlValue> = {};
    for (const t of items) {
      const k = splitPair(t);
      if (!k) err(line, `expected "key: value" in a flow map but found ${JSON.stringify(t)}`);
      map[unquote(k![0], line, err)] = unquote(k![1], line, err);
    }
    return map;
  }
  return unquote(s, line, err);
}

/** Splits flow content at top-level commas, outside quotes. */
function splitFlow(s: string, line: number, err: (i: number, m: string) => never): string[] {
  const out: string[] = [];
  let start = 0;
  for (let k = findOutsideQuotes(s, isFlowMark); k >= 0; k = findOutsideQuotes(s, isFlowMark, k + 1)) {
    if (s[k] !== ',') err(line, 'nested flow collections are not supported');
    out.push(s.slice(start, k).trim());
    start = k + 1;
  }
  const last = s.slice(start).trim();
  if (last !== '' || out.length > 0) out.push(last);
  return out.filter((t) => t !== '');
}

const isFlowMark = (c: string) => c === ',' || c === '[' || c === '{';

/** `key: value` split at the first colon outside quotes. */
function splitPair(t: string): [string, string] | undefined {
  const k = findOutsideQuotes(t, (c) => c === ':');
  return k < 0 ? undefined : [t.slice(0, k), t.slice(k + 1)];
}

/** A scalar as YAML text (quoted when plain text would be read differently). */
export function yamlScalar(s: string): string {
  return /^[\w./-][\w ./()-]*$/.test(s) && !/^(null|true|false|yes|no|~)$/i.test(s) && !/\s$/.test(s) ? s : JSON.stringify(s);
}
