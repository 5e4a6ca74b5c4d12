import { loadShippedModel } from '../dist/modules/moderation/spam/shipped-model.js';
import { SpamClassifier } from '../dist/modules/moderation/spam/classifier.js';
import { documentTokens } from '../dist/modules/moderation/spam/tokens.js';
import { normalise } from '../dist/modules/moderation/spam/normalise.js';
import fs from 'node:fs';
const shipped = loadShippedModel();
const site = SpamClassifier.onTopOf(shipped.classifier);
const lines = fs.readFileSync('/work/shared/spam-data/news-ham/' + fs.readdirSync('/work/shared/spam-data/news-ham').find(f => f.endsWith('.csv')), 'utf8').split('\n').slice(1, 3001).map(l => l.slice(0, 600)).filter(l => l.length > 20);
console.log('comments', lines.length, 'model tokens', shipped.classifier.own?.tokens?.size);
const norm = lines.map(l => normalise(l));
let ntok = 0; for (const n of norm) ntok += documentTokens(n, true).length;
console.log('avg tokens', (ntok / norm.length).toFixed(0));
for (const [name, c, opts] of [['shipped', shipped.classifier, {}], ['site', site, {}], ['site reasons0', site, {}, 0]]) {
  for (let r = 0; r < 3; r++) {
    const t = process.hrtime.bigint();
    for (const n of norm) c.score(n, name.includes('reasons0') ? 0 : 8, opts);
    console.log(name, (Number(process.hrtime.bigint() - t) / 1e6 / norm.length).toFixed(3), 'ms/comment');
  }
}
let t = process.hrtime.bigint(); for (const n of norm) documentTokens(n, true); console.log('tokens only', (Number(process.hrtime.bigint() - t) / 1e6 / norm.length).toFixed(3));
t = process.hrtime.bigint(); for (const l of lines) normalise(l); console.log('normalise only', (Number(process.hrtime.bigint() - t) / 1e6 / norm.length).toFixed(3));
