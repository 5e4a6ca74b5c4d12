import { createRequire } from 'node:module';
import fs from 'node:fs';
const require = createRequire('/work/main/package.json');
const pg = require('pg');
const stats = new Map();
const orig = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, values, cb) {
  const text = typeof config === 'string' ? config : config?.text ?? String(config);
  const k = text.replace(/\s+/g, ' ').slice(0, 150);
  const t = process.hrtime.bigint();
  const done = () => { const dt = Number(process.hrtime.bigint() - t) / 1e6; const s = stats.get(k) ?? { n: 0, ms: 0 }; s.n++; s.ms += dt; stats.set(k, s); };
  const r = orig.call(this, config, values, cb);
  if (r && typeof r.then === 'function') r.then(done, done);
  return r;
};
process.on('exit', () => {
  const rows = [...stats].sort((a, b) => b[1].n - a[1].n).map(([k, s]) => `${String(s.n).padStart(6)} x ${s.ms.toFixed(0).padStart(7)} ms  ${k}`);
  fs.writeFileSync(`/tmp/pgtime-${process.pid}.txt`, rows.join('\n'));
});
