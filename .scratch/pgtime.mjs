import pg from 'pg';
import fs from 'node:fs';
const stats = new Map();
const orig = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, values, cb) {
  const text = typeof config === 'string' ? config : config?.text;
  const t = performance.now();
  const r = orig.call(this, config, values, cb);
  if (r && typeof r.then === 'function' && text) {
    r.then(() => { const k = text.replace(/\s+/g, ' ').slice(0, 140); const s = stats.get(k) || { n: 0, ms: 0, max: 0 }; const d = performance.now() - t; s.n++; s.ms += d; s.max = Math.max(s.max, d); stats.set(k, s); }, () => {});
  }
  return r;
};
const dump = () => { const rows = [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40).map(([k, s]) => `${String(s.n).padStart(6)} ${(s.ms / s.n).toFixed(2).padStart(7)} ${s.max.toFixed(1).padStart(7)} ${k}`); fs.writeFileSync(`/tmp/pgtime.${process.pid}.txt`, rows.join('\n') + '\n'); };
setInterval(dump, 2000).unref();
process.on('SIGTERM', () => { dump(); });
