import { createRequire } from 'node:module';
import fs from 'node:fs';
const require = createRequire('/work/main/package.json');
const Database = require('better-sqlite3');
const d = new Database(':memory:'); const proto = Object.getPrototypeOf(d.prepare('select 1'));
const stats = new Map();
for (const m of ['run', 'get', 'all', 'iterate']) {
  const orig = proto[m];
  proto[m] = function (...a) {
    const t = process.hrtime.bigint();
    try { return orig.apply(this, a); } finally {
      const dt = Number(process.hrtime.bigint() - t) / 1e6; const k = this.source.replace(/\s+/g, ' ').slice(0, 160);
      const s = stats.get(k) ?? { n: 0, ms: 0, max: 0 }; s.n++; s.ms += dt; if (dt > s.max) s.max = dt; stats.set(k, s);
    }
  };
}
process.on('exit', () => {
  const rows = [...stats].sort((a, b) => b[1].ms - a[1].ms).map(([k, s]) => `${s.ms.toFixed(1).padStart(9)} ms ${String(s.n).padStart(6)} x  avg ${(s.ms / s.n).toFixed(3)} max ${s.max.toFixed(1)}  ${k}`);
  fs.writeFileSync(`/tmp/sqltime-${process.pid}.txt`, rows.join('\n'));
});
