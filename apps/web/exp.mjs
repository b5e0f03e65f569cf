import { chromium } from 'playwright-core';
import http from 'node:http';
import { readFile } from 'node:fs/promises';
const server = http.createServer(async (req, res) => {
  const p = req.url.startsWith('/dist/') ? '/work/wt-web/packages/segkit' + req.url : '/tmp/exp' + (req.url === '/' ? '/index.html' : req.url);
  try { const b = await readFile(p); res.writeHead(200, {'content-type': p.endsWith('.html') ? 'text/html' : 'text/javascript'}); res.end(b); } catch { res.writeHead(404); res.end(); }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const t0 = Date.now();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
console.log('launch ms', Date.now() - t0, browser.version());
const page = await browser.newPage();
page.on('console', (m) => console.log('console:', m.text()));
await page.goto(`http://127.0.0.1:${server.address().port}/`);
await page.waitForFunction(() => window.done);
console.log(await page.evaluate(() => window.out));
await browser.close(); server.close();
