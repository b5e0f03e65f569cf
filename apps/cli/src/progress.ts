// Progress on stderr: a redrawn bar with counts, rate and ETA on a terminal; a plain line every
// few seconds otherwise (logs of batch jobs); nothing with --quiet.
export interface Progress {
  tick(n?: number): void;
  done(): void;
}

export interface ProgressOptions {
  label: string;
  total?: number;
  quiet?: boolean;
  stream?: NodeJS.WriteStream;
  /** Seconds between plain lines when not on a terminal (default 10). */
  every?: number;
}

export function progress(o: ProgressOptions): Progress {
  const stream = o.stream ?? process.stderr;
  if (o.quiet) return { tick() {}, done() {} };
  const tty = stream.isTTY === true;
  const start = performance.now();
  const every = (tty ? 0.1 : (o.every ?? 10)) * 1000;
  let count = 0;
  let last = start;
  let printed = false;
  const line = () => {
    const s = (performance.now() - start) / 1000;
    const rate = s > 0 ? count / s : 0;
    const of = o.total !== undefined ? `/${o.total}` : '';
    const pct = o.total ? ` ${((100 * count) / o.total).toFixed(1)}%` : '';
    const eta = o.total && rate > 0 ? ` ETA ${clock(Math.max(0, (o.total - count) / rate))}` : '';
    const bar = tty && o.total ? `[${'#'.repeat(Math.round((20 * count) / o.total)).padEnd(20, '.')}] ` : '';
    return `${o.label} ${bar}${count}${of} images${pct}, ${rate.toFixed(1)} images/s, ${clock(s)}${eta}`;
  };
  return {
    tick(n = 1) {
      count += n;
      const now = performance.now();
      if (now - last < every) return;
      last = now;
      printed = true;
      stream.write(tty ? `\r${line()}\x1b[K` : `${line()}\n`);
    },
    done() {
      // plain logs: a closing line only after periodic ones (the summary says the rest)
      if (tty) stream.write(`\r${line()}\x1b[K\n`);
      else if (printed) stream.write(`${line()}\n`);
    },
  };
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mmss = `${String(m).padStart(h ? 2 : 1, '0')}:${String(s % 60).padStart(2, '0')}`;
  return h ? `${h}:${mmss}` : mmss;
}
