import fs from 'node:fs';
const p = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const depth = Number(process.argv[3] ?? 1);
const byId = new Map(p.nodes.map(n => [n.id, n])); const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const dt = new Map(); for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i + 1] ?? 0));
const agg = new Map(); let total = 0;
for (const [id, t] of dt) {
  let cur = id; const own = [];
  const leaf = byId.get(id).callFrame.functionName;
  if (leaf === '(idle)') continue;
  total += t;
  while (cur !== undefined) { const f = byId.get(cur).callFrame; if (/\/work\/main\/dist\/(modules|platform|app|ui)/.test(f.url) && !f.url.includes('/esm/')) own.push(`${f.url.replace(/.*\/dist\//, '')}:${f.functionName}`); cur = parent.get(cur); }
  const k = own.length ? own.slice(0, depth).join(' < ') : `[no app frame] ${leaf || '(anon)'}`;
  agg.set(k, (agg.get(k) ?? 0) + t);
}
console.log('busy ms', (total / 1000).toFixed(0));
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[4] ?? 45))) console.log((v / 1000).toFixed(0).padStart(6), (100 * v / total).toFixed(1).padStart(5) + '%', k);
