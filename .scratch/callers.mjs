import fs from 'node:fs';
const [,, f, fname] = process.argv; const p = JSON.parse(fs.readFileSync(f, 'utf8'));
const byId = new Map(p.nodes.map(n => [n.id, n])); const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const dt = new Map(); for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i + 1] ?? 0));
const stacks = new Map();
for (const [id, t] of dt) {
  let cur = id; const chain = []; let hit = false;
  while (cur !== undefined) { const n = byId.get(cur); const nm = n.callFrame.functionName || '(anon)'; chain.push(`${nm}:${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber+1}`); if (nm === fname) hit = true; cur = parent.get(cur); }
  if (!hit) continue;
  const i = chain.findIndex(c => c.startsWith(fname + ':'));
  const k = chain.slice(i, i + 12).join(' < ');
  stacks.set(k, (stacks.get(k) ?? 0) + t);
}
for (const [k, v] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log((v/1000).toFixed(0), k, '\n');
