// Runs tasks on N worker threads (N > 1) or in the main thread (N = 1); results come back as
// promises the caller awaits in input order, so output never depends on N.
import { Worker } from 'node:worker_threads';
import { createRunner, type Setup, type TaskMessage, type TaskResult } from './tasks';

export interface Pool {
  run(task: Omit<TaskMessage, 'seq'>): Promise<TaskResult>;
  close(): Promise<void>;
}

export function createPool(jobs: number, setup: Setup = {}): Pool {
  if (jobs <= 1) {
    const runner = createRunner(setup);
    let seq = 0;
    return {
      // a macrotask between items keeps timers (progress) and signals running
      run: (t) => new Promise((done) => setImmediate(() => done(runner({ ...t, seq: seq++ })))),
      close: async () => {},
    };
  }
  const url = new URL('./worker.js', import.meta.url);
  const waiting = new Map<number, (r: TaskResult) => void>();
  const sizes = new Map<number, number>();
  const queue: TaskMessage[] = [];
  const idle: Worker[] = [];
  let seq = 0;
  let failure: Error | undefined;
  const dispatch = () => {
    while (idle.length && queue.length) idle.pop()!.postMessage(queue.shift());
  };
  const workers = Array.from({ length: jobs }, () => {
    const w = new Worker(url, { workerData: setup });
    w.on('message', (r: TaskResult) => {
      const done = waiting.get(r.seq)!;
      waiting.delete(r.seq);
      sizes.delete(r.seq);
      idle.push(w);
      dispatch();
      done(r);
    });
    w.on('error', (e) => {
      failure = e;
      for (const [s, done] of waiting) done(failed(s, e, sizes.get(s) ?? 1));
      waiting.clear();
    });
    idle.push(w);
    return w;
  });
  return {
    run(t) {
      const m = { ...t, seq: seq++ };
      if (failure) return Promise.resolve(failed(m.seq, failure, m.items.length));
      return new Promise((done) => {
        waiting.set(m.seq, done);
        sizes.set(m.seq, m.items.length);
        queue.push(m);
        dispatch();
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** Every item of a batch failed with a worker's crash. */
function failed(seq: number, e: Error, n = 1): TaskResult {
  return { seq, results: Array.from({ length: n }, () => ({ ok: false as const, error: { name: 'WorkerError', message: e.message, stack: e.stack } })) };
}
