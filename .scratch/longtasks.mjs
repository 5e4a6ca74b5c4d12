import fs from 'node:fs';
const p = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const byId = new Map(p.nodes.map(n => [n.id, n])); const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = id => { const n = byId.get(id); return n.callFrame.functionName || '(anon)'; };
const stack = id => { const out = []; let cur = id; while (cur !== undefined && out.length < 14) { const n = byId.get(cur); out.push(`${n.callFrame.functionName||'(anon)'}@${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber+1}`); cur = parent.get(cur); } return out.join(' < '); };
let t = p.startTime; const runs = []; let start = null, ids = [];
for (let i = 0; i < p.samples.length; i++) {
  t += p.timeDeltas[i] ?? 0; const idle = name(p.samples[i]) === '(idle)';
  if (!idle) { if (start === null) { start = t; ids = []; } ids.push([p.samples[i], p.timeDeltas[i+1] ?? 0]); }
  else if (start !== null) { runs.push({ start, dur: t - start, ids }); start = null; }
}
// also the largest gaps between consecutive samples (the thread was not sampled: blocked in a syscall or descheduled)
const gaps = []; t = p.startTime; for (let i = 0; i < p.samples.length; i++) { t += p.timeDeltas[i] ?? 0; if ((p.timeDeltas[i] ?? 0) > 5000) gaps.push({ at: (t - p.startTime)/1000, gap: p.timeDeltas[i]/1000, stack: stack(p.samples[i]) }); }
runs.sort((a, b) => b.dur - a.dur);
for (const r of runs.slice(0, 8)) {
  const agg = new Map(); for (const [id, d] of r.ids) { const k = stack(id); agg.set(k, (agg.get(k) ?? 0) + d); }
  const top = [...agg].sort((a, b) => b[1] - a[1]).slice(0, 3);
  console.log(`busy ${(r.dur/1000).toFixed(1)} ms at ${((r.start - p.startTime)/1000).toFixed(0)} ms`); for (const [k, v] of top) console.log('   ', (v/1000).toFixed(1), k.slice(0, 300));
}
console.log('gaps > 5ms:', gaps.length); for (const g of gaps.sort((a,b)=>b.gap-a.gap).slice(0, 10)) console.log(g.gap.toFixed(1), 'ms at', g.at.toFixed(0), g.stack.slice(0, 200));
