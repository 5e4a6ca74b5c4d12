import fs from 'node:fs';
const p = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const mode = process.argv[3] || 'self';
const nodes = new Map(p.nodes.map(n => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children || []) parent.set(c, n.id);
const dt = new Map();
const skip = Number(process.env.SKIP_MS||0)*1000; let tt=0;
for (let i = 0; i < p.samples.length; i++) { tt += p.timeDeltas[i]||0; if (tt < skip) continue; dt.set(p.samples[i], (dt.get(p.samples[i]) || 0) + (p.timeDeltas[i] || 0)); }
let total = 0; for (const v of dt.values()) total += v;
const name = n => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/.*\/work\/main\//, '').replace(/.*node_modules\//, 'nm/')}:${n.callFrame.lineNumber + 1}`;
const agg = new Map();
if (mode === 'self') {
  for (const [id, t] of dt) { const k = name(nodes.get(id)); agg.set(k, (agg.get(k) || 0) + t); }
} else {
  // inclusive: for each sample, add to every distinct frame key on its stack matching filter
  const re = new RegExp(process.argv[4] || '.');
  for (const [id, t] of dt) {
    const seen = new Set(); let cur = id;
    while (cur !== undefined) { const k = name(nodes.get(cur)); if (re.test(k) && !seen.has(k)) { seen.add(k); agg.set(k, (agg.get(k) || 0) + t); } cur = parent.get(cur); }
  }
}
console.log('total ms', (total / 1000).toFixed(0));
[...agg].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[5] || 45)).forEach(([k, v]) => console.log((v / 1000).toFixed(0).padStart(7), (100 * v / total).toFixed(1).padStart(5) + '%', k));
