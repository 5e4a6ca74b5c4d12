// Deterministic disguises for the model builder (build-spam-model.ts): each spam seed also gets one
// disguised copy, so the model learns what the normaliser had to undo (the __obfuscated:* feature
// tokens), the way spammers vary their comments. Same text, style and seed give the same copy.

/** A small seeded generator (mulberry32): the same seed gives the same numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LOOKALIKE: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у', i: 'і', s: 'ѕ' };
const LEET_OUT: Record<string, string> = { o: '0', e: '3', a: '4', i: '1', s: '5', t: '7' };
const SYMBOLS = ['♥', '★', '•', '*', '.', '-', '_', '~', '❤', '✿'];

export type ObfuscationStyle = 'hyphen' | 'lookalike' | 'leet' | 'zerowidth' | 'interleave' | 'fullwidth' | 'spaced';
export const OBFUSCATION_STYLES: readonly ObfuscationStyle[] = ['hyphen', 'lookalike', 'leet', 'zerowidth', 'interleave', 'fullwidth', 'spaced'];

/** A disguised copy of `text` in one style, deterministic for a given seed. */
export function obfuscate(text: string, style: ObfuscationStyle, seed: number): string {
  const rnd = mulberry32(seed);
  const words = text.split(' ');
  const eligible = (w: string) => /^[A-Za-z]{4,}[,.!?]*$/.test(w);
  const pick = () => rnd() < 0.5;
  return words.map((w) => {
    if (!eligible(w) || !pick()) return w;
    const m = /^([A-Za-z]+)(.*)$/.exec(w)!;
    const core = m[1]!;
    const rest = m[2]!;
    switch (style) {
      case 'hyphen': {
        const cut = 2 + Math.floor(rnd() * (core.length - 3));
        return `${core.slice(0, cut)}-${core.slice(cut)}${rest}`;
      }
      case 'lookalike':
        return Array.from(core).map((c) => (LOOKALIKE[c] && rnd() < 0.6 ? LOOKALIKE[c] : c)).join('') + rest;
      case 'leet':
        return Array.from(core).map((c, i) => (i > 0 && LEET_OUT[c.toLowerCase()] && rnd() < 0.6 ? LEET_OUT[c.toLowerCase()] : c)).join('') + rest;
      case 'zerowidth': {
        const cut = 1 + Math.floor(rnd() * (core.length - 1));
        return `${core.slice(0, cut)}\u200b${core.slice(cut)}${rest}`;
      }
      case 'interleave': {
        const sym = SYMBOLS[Math.floor(rnd() * SYMBOLS.length)]!;
        return Array.from(core).join(sym) + rest;
      }
      case 'fullwidth':
        return Array.from(core).map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('') + rest;
      case 'spaced':
        return Array.from(core).join(' ') + rest;
    }
    return w;
  }).join(' ');
}
