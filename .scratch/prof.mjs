import fs from 'node:fs';
const f = process.argv[2]; const p = JSON.parse(fs.readFileSync(f, 'utf8'));
const byId = new Map(p.nodes.map(n => [n.id, n]));
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const dt = new Map(); // node -> total sample time us
for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i + 1] ?? 0));
const key = n => { const c = n.callFrame; return `${c.functionName || '(anon)'} ${c.url.replace(/.*\/(dist|node_modules)\//, '$1/')}:${c.lineNumber + 1}`; };
const incl = new Map(), self = new Map(), selfFile = new Map(); let total = 0;
for (const [id, t] of dt) {
  const n = byId.get(id); total += t; self.set(key(n), (self.get(key(n)) ?? 0) + t);
  const file = n.callFrame.url.replace(/.*\/(dist|node_modules)\//, '$1/') || n.callFrame.functionName;
  const fk = file.startsWith('node_modules/') ? file.split('/').slice(0, file.split('/')[1].startsWith('@') ? 3 : 2).join('/') : file;
  selfFile.set(fk, (selfFile.get(fk) ?? 0) + t);
  const seen = new Set(); let cur = id;
  while (cur !== undefined) { const k = key(byId.get(cur)); if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + t); } cur = parent.get(cur); }
}
const idle = self.get([...self.keys()].find(k => k.startsWith('(idle)')) ) ?? 0;
console.log('total ms', (total/1000).toFixed(0), 'idle ms', (idle/1000).toFixed(0));
const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${(v/1000).toFixed(0).padStart(7)} ${(100*v/(total-idle)).toFixed(1).padStart(5)}%  ${k}`).join('\n');
const mode = process.argv[3] ?? 'all';
if (mode === 'all' || mode === 'incl') { console.log('--- inclusive'); console.log(top(incl, Number(process.argv[4] ?? 80))); }
if (mode === 'all' || mode === 'self') { console.log('--- self'); console.log(top(self, 40)); }
if (mode === 'all' || mode === 'file') { console.log('--- self by file'); console.log(top(selfFile, 40)); }
