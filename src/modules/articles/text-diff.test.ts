import { describe, expect, it } from 'vitest';
import { diffWords, type DiffPart } from './text-diff.js';

const side = (parts: DiffPart[], drop: DiffPart['kind']) => parts.filter((p) => p.kind !== drop).map((p) => p.text).join('');

describe('word diff', () => {
  it('marks a changed word, keeping the rest', () => {
    expect(diffWords('a quick fox', 'a slow fox')).toEqual([
      { kind: 'same', text: 'a ' }, { kind: 'removed', text: 'quick' }, { kind: 'added', text: 'slow' }, { kind: 'same', text: ' fox' },
    ]);
  });

  it('handles empty texts, equal texts and line breaks', () => {
    expect(diffWords('', 'new text')).toEqual([{ kind: 'added', text: 'new text' }]);
    expect(diffWords('old', '')).toEqual([{ kind: 'removed', text: 'old' }]);
    expect(diffWords('same\ntext', 'same\ntext')).toEqual([{ kind: 'same', text: 'same\ntext' }]);
    expect(diffWords('one\ntwo', 'one\n\ntwo')).toEqual([{ kind: 'same', text: 'one' }, { kind: 'removed', text: '\n' }, { kind: 'added', text: '\n\n' }, { kind: 'same', text: 'two' }]);
  });

  it('always rebuilds both texts (random edits)', () => {
    let seed = 7;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    const words = ['the', 'council', 'met', 'late', '\n', 'Zürich', 'vote', 'and'];
    for (let k = 0; k < 200; k++) {
      const a = Array.from({ length: rnd(30) }, () => words[rnd(words.length)]).join(' ');
      const b = a.split(' ').filter(() => rnd(4) !== 0).map((w) => (rnd(5) === 0 ? words[rnd(words.length)] : w)).join(' ');
      const d = diffWords(a, b);
      expect(side(d, 'added')).toBe(a);
      expect(side(d, 'removed')).toBe(b);
    }
  });

  it('falls back to a whole replacement when the changed middle is too large, still rebuilding both', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' ');
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(' ');
    const d = diffWords(`start ${a} end`, `start ${b} end`);
    expect(side(d, 'added')).toBe(`start ${a} end`);
    expect(side(d, 'removed')).toBe(`start ${b} end`);
  });
});
