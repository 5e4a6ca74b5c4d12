// A word-level diff of two texts (longest common subsequence of tokens), as runs of kept, added and removed
// text. Tokens are words with the spaces and line breaks between them, so a changed word is one change and
// line breaks survive. Texts are up to 100,000 characters: the common start and end are cut first, and a
// middle too large for the quadratic table falls back to "all removed, all added" (still correct, coarser).

export interface DiffPart { kind: 'same' | 'added' | 'removed'; text: string }

const MAX_CELLS = 4_000_000;

export function tokenize(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

function push(parts: DiffPart[], kind: DiffPart['kind'], text: string) {
  if (!text) return;
  const last = parts[parts.length - 1];
  if (last && last.kind === kind) last.text += text;
  else parts.push({ kind, text });
}

export function diffWords(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
  const parts: DiffPart[] = [];
  push(parts, 'same', a.slice(0, start).join(''));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if (n * m > MAX_CELLS) {
    push(parts, 'removed', midA.join(''));
    push(parts, 'added', midB.join(''));
  } else {
    // lcs[i][j]: length of the common subsequence of midA[i..] and midB[j..], in one flat array.
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = midA[i] === midB[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (midA[i] === midB[j]) { push(parts, 'same', midA[i]!); i++; j++; }
      else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) { push(parts, 'removed', midA[i]!); i++; }
      else { push(parts, 'added', midB[j]!); j++; }
    }
    while (i < n) push(parts, 'removed', midA[i++]!);
    while (j < m) push(parts, 'added', midB[j++]!);
  }
  push(parts, 'same', a.slice(endA).join(''));
  return parts;
}
