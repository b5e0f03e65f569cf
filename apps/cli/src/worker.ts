// A worker thread: its own segkit (own wasm instance); processes whole images for the main
// thread, which reads and writes in input order.
import { parentPort } from 'node:worker_threads';
import { runTask, type TaskMessage } from './tasks';

parentPort!.on('message', (m: TaskMessage) => {
  parentPort!.postMessage(runTask(m));
});
