import fs from 'node:fs';
const p = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const target = new RegExp(process.argv[3]); const depth = Number(process.argv[4] || 8);
const nodes = new Map(p.nodes.map(n => [n.id, n])); const parent = new Map();
for (const n of p.nodes) for (const c of n.children || []) parent.set(c, n.id);
const dt = new Map(); p.samples.forEach((s, i) => dt.set(s, (dt.get(s) || 0) + (p.timeDeltas[i] || 0)));
const name = n => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/.*\/work\/main\//, '').replace(/.*node_modules\//, 'nm/')}:${n.callFrame.lineNumber + 1}`;
const agg = new Map();
for (const [id, t] of dt) { const n = nodes.get(id); if (!target.test(name(n))) continue; const chain = []; let cur = parent.get(id); while (cur !== undefined && chain.length < depth) { chain.push(name(nodes.get(cur))); cur = parent.get(cur); } const k = chain.join(' < '); agg.set(k, (agg.get(k) || 0) + t); }
[...agg].sort((a, b) => b[1] - a[1]).slice(0, 8).forEach(([k, v]) => console.log((v / 1000).toFixed(0), k, '\n'));
