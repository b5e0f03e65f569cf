import { writeFileSync } from 'node:fs';
import * as segkit from 'segkit';
import { blobs1024x2048 } from './workloads/images';
const m = blobs1024x2048();
writeFileSync('/tmp/blobs.bin', m.data);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (let i = 0; i < 50; i++) segkit.traceContours(m);
let best = 1e9;
for (let r = 0; r < 5; r++) { const t = cpu(); for (let i = 0; i < 200; i++) segkit.traceContours(m); best = Math.min(best, (cpu() - t) / 200); }
console.log('segkit api cpu ms', best.toFixed(3));
