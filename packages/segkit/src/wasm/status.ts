// Kernel status codes (packages/kernel/assembly/status.ts).
export const OK = 0;
export const E_NOMEM = 1;
export const E_RANGE = 2;
export const E_INPUT = 3;
export const E_BOUND = 4;

const messages: Record<number, string> = {
  [E_NOMEM]: 'out of memory: WebAssembly linear memory cannot grow enough (limit 4 GiB)',
  [E_RANGE]: 'a size or count is beyond what the kernel supports',
  [E_INPUT]: 'inconsistent input',
  [E_BOUND]: 'internal bound exceeded (a bug in segkit; please report it with the input)',
};

export function statusMessage(status: number): string {
  return messages[status] ?? `unknown kernel status ${status}`;
}
