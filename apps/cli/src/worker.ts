// A worker thread: its own segkit (own wasm instance); processes whole images for the main
// thread, which reads and writes in input order.
import { parentPort, workerData } from 'node:worker_threads';
import { createRunner, type Setup, type TaskMessage } from './tasks';

const run = createRunner(workerData as Setup);
parentPort!.on('message', async (m: TaskMessage) => {
  parentPort!.postMessage(await run(m));
});
