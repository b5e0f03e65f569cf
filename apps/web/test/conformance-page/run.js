// Runs one unmodified conformance checker (?checker=rle-vectors.mjs) in this page. The server
// lays files out as the checker expects them from the project root: /conformance/ (the checkers),
// /fixtures/ (their vectors) and /packages/segkit/dist/ (the built package). `process` is a
// stand-in whose exit() ends the checker; its console lines and exit code go to window.result.
class Exit extends Error {
  constructor(code) {
    super(`process.exit(${code})`);
    this.code = code;
  }
}

const checker = new URLSearchParams(location.search).get('checker');
const lines = [];
const log = console.log.bind(console);
console.log = (...args) => {
  lines.push(args.join(' '));
  log(...args);
};
globalThis.process = {
  argv: ['node', `/conformance/${checker}`],
  env: {},
  cwd: () => '/',
  exit(code = 0) {
    throw new Exit(code);
  },
};

let code;
try {
  // The browser way: compile the kernel asynchronously before the first call.
  const segkit = await import('/packages/segkit/dist/index.js');
  await segkit.init();
  await import(`/conformance/${checker}`);
  code = 0;
} catch (e) {
  if (e instanceof Exit) code = e.code;
  else {
    lines.push(`checker crashed: ${e && e.stack ? e.stack : e}`);
    code = 2;
  }
}
document.querySelector('#out').textContent = lines.join('\n');
window.result = { code, lines };
