// Steps 1–3 of normalise() (see its header in normalise.ts), at the character level and only for
// text that is not pure ASCII: invisible characters removed (removeInvisible), Unicode NFKC (compat),
// look-alike letters folded to ASCII and diacritics stripped (fold), each counting its edits.
import type { ObfuscationEdits } from './normalise.js';
import { isAlnumCode, NON_ASCII } from './text-patterns.js';

// ---------------------------------------------------------------------------------------------
// Character tables

/** Look-alikes from other scripts, folded only in a Latin context (see step 3). */
const CONFUSABLE: Record<string, string> = {
  // Cyrillic
  'А': 'A', 'В': 'B', 'Е': 'E', 'Ѕ': 'S', 'І': 'I', 'Ї': 'I', 'Ј': 'J', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O',
  'Р': 'P', 'С': 'C', 'Т': 'T', 'Х': 'X', 'У': 'Y', 'Ү': 'Y', 'Ԛ': 'Q', 'Ԝ': 'W', 'Һ': 'H', 'Ӏ': 'I', 'Ԁ': 'D',
  'Ь': 'b', 'З': '3',
  'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'ѕ': 's', 'і': 'i', 'ї': 'i', 'ј': 'j', 'к': 'k', 'м': 'm', 'н': 'h',
  'о': 'o', 'р': 'p', 'с': 'c', 'т': 't', 'у': 'y', 'ү': 'y', 'х': 'x', 'һ': 'h', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w',
  'ӏ': 'l', 'ɡ': 'g', 'п': 'n', 'г': 'r', 'ь': 'b', 'ѡ': 'w', 'ʏ': 'y',
  // Greek
  'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O', 'Ρ': 'P',
  'Τ': 'T', 'Υ': 'Y', 'Χ': 'X', 'Ϲ': 'C', 'Ϳ': 'J',
  'α': 'a', 'β': 'b', 'γ': 'y', 'ε': 'e', 'η': 'n', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p', 'τ': 't',
  'υ': 'u', 'χ': 'x', 'ω': 'w', 'ϲ': 'c', 'ϳ': 'j', 'μ': 'u', 'ς': 's', 'ϝ': 'f',
  // Armenian
  'օ': 'o', 'ս': 'u', 'ց': 'g', 'հ': 'h', 'ո': 'n', 'զ': 'q', 'ա': 'w', 'Ս': 'U', 'Օ': 'O',
  // Cherokee capitals
  'Ꭺ': 'A', 'Ᏼ': 'B', 'Ꮯ': 'C', 'Ꭼ': 'E', 'Ꮋ': 'H', 'Ꭻ': 'J', 'Ꮶ': 'K', 'Ꮇ': 'M', 'Ꮲ': 'P', 'Ꭲ': 'T',
  'Ꮃ': 'W', 'Ꮪ': 'S', 'Ꮩ': 'V', 'Ꮓ': 'Z', 'Ꮮ': 'L', 'Ꭰ': 'D', 'Ꮐ': 'G', 'Ꮢ': 'R',
};

/** Letters with no business in ordinary text: always folded, always an edit. */
const ALWAYS: Record<string, string> = {
  // small capitals
  'ᴀ': 'a', 'ʙ': 'b', 'ᴄ': 'c', 'ᴅ': 'd', 'ᴇ': 'e', 'ꜰ': 'f', 'ɢ': 'g', 'ʜ': 'h', 'ɪ': 'i', 'ᴊ': 'j', 'ᴋ': 'k',
  'ʟ': 'l', 'ᴍ': 'm', 'ɴ': 'n', 'ᴏ': 'o', 'ᴘ': 'p', 'ǫ': 'q', 'ʀ': 'r', 'ꜱ': 's', 'ᴛ': 't', 'ᴜ': 'u', 'ᴠ': 'v',
  'ᴡ': 'w', 'ᴢ': 'z',
  // IPA and other look-alikes
  'ɑ': 'a', 'ɩ': 'i', 'ʋ': 'v', 'ƒ': 'f', 'ȷ': 'j', 'ɾ': 'r', 'ʂ': 's', 'ɓ': 'b', 'ɗ': 'd', 'ɦ': 'h', 'ʝ': 'j',
  'ɱ': 'm', 'ɳ': 'n', 'ƥ': 'p', 'ʠ': 'q', 'ʈ': 't', 'ʐ': 'z', 'ƙ': 'k', 'ɭ': 'l', 'ℯ': 'e', '℮': 'e', 'ℊ': 'g',
};

/** Ordinary letters of Latin-script languages that NFD does not decompose (not an edit). */
const LATIN_EXTRA: Record<string, string> = {
  'ø': 'o', 'Ø': 'O', 'ł': 'l', 'Ł': 'L', 'đ': 'd', 'Đ': 'D', 'ß': 'ss', 'ẞ': 'SS', 'æ': 'ae', 'Æ': 'AE',
  'œ': 'oe', 'Œ': 'OE', 'ð': 'd', 'Ð': 'D', 'þ': 'th', 'Þ': 'TH', 'ħ': 'h', 'Ħ': 'H', 'ŧ': 't', 'Ŧ': 'T',
  'ŀ': 'l', 'Ŀ': 'L', 'ı': 'i', 'ĸ': 'k',
};

const WORD_RUN = /[\p{L}\p{M}\p{N}]+/gu;

function isInvisible(cp: number): boolean {
  return cp === 0xad || cp === 0x34f || cp === 0x61c || cp === 0x115f || cp === 0x1160 || cp === 0x17b4 ||
    cp === 0x17b5 || cp === 0x180e || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x206f) || cp === 0x3164 || (cp >= 0xfe00 && cp <= 0xfe0f) || cp === 0xfeff ||
    cp === 0xffa0 || (cp >= 0xfff0 && cp <= 0xfff8) || (cp >= 0x1d173 && cp <= 0x1d17a) ||
    (cp >= 0xe0000 && cp <= 0xe0fff) ||
    // private use (also frees U+E000… for the sentinels of normalise.ts)
    (cp >= 0xe000 && cp <= 0xf8ff) || (cp >= 0xf0000);
}

// ---------------------------------------------------------------------------------------------
// Steps 1–3

/** Step 1: zero-width / format characters removed (counted only between two letters or digits). */
export function removeInvisible(s: string, edits: ObfuscationEdits): string {
  let out = '';
  const chars = Array.from(s);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const cp = ch.codePointAt(0)!;
    if (cp === 0x2028 || cp === 0x2029) { out += '\n'; continue; }
    if (!isInvisible(cp)) { out += ch; continue; }
    // Inside a word? (previous kept char and next visible char are letters/digits)
    let j = i + 1;
    while (j < chars.length && isInvisible(chars[j]!.codePointAt(0)!)) j++;
    if (isAlnumCode(out[out.length - 1]) && isAlnumCode(chars[j])) edits.invisible++;
  }
  return out;
}

const compatCache = new Map<string, boolean>();
/** Step 2: NFKC, counting letters/digits it turns from exotic forms into ASCII. */
export function compat(s: string, edits: ObfuscationEdits): string {
  const n = s.normalize('NFKC');
  if (n === s) return s;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80 || cp === 0xb2 || cp === 0xb3 || cp === 0xb9 || cp === 0xaa || cp === 0xba) continue;
    let hit = compatCache.get(ch);
    if (hit === undefined) {
      const k = ch.normalize('NFKC');
      hit = k !== ch && /^[A-Za-z0-9]+$/.test(k) && !/^[\u00bc-\u00be\u2150-\u215f]$/.test(ch) && !/^[\ufb00-\ufb06]$/.test(ch);
      compatCache.set(ch, hit);
    }
    if (hit) edits.compatibility++;
  }
  return n;
}

function symbolLetter(cp: number): string | undefined {
  // Negative circled (U+1F150…) and negative squared (U+1F170…) capital letters: no NFKC mapping.
  if (cp >= 0x1f150 && cp <= 0x1f169) return String.fromCharCode(65 + cp - 0x1f150);
  if (cp >= 0x1f170 && cp <= 0x1f189) return String.fromCharCode(65 + cp - 0x1f170);
  return undefined;
}

/** Step 3 on a non-ASCII string. */
export function fold(s: string, edits: ObfuscationEdits): string {
  // Always-folded letters and symbol letters; regional indicators only in runs of 3+ (pairs are flags).
  let t = '';
  const chars = Array.from(s);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) { t += ch; continue; }
    const a = ALWAYS[ch] ?? symbolLetter(cp);
    if (a !== undefined) { t += a; edits.confusable++; continue; }
    if (cp >= 0x1f1e6 && cp <= 0x1f1ff) {
      let j = i;
      while (j < chars.length && chars[j]!.codePointAt(0)! >= 0x1f1e6 && chars[j]!.codePointAt(0)! <= 0x1f1ff) j++;
      if (j - i >= 3) {
        for (let k = i; k < j; k++) t += String.fromCharCode(65 + chars[k]!.codePointAt(0)! - 0x1f1e6);
        edits.confusable += j - i;
      } else {
        for (let k = i; k < j; k++) t += chars[k];
      }
      i = j - 1;
      continue;
    }
    t += ch;
  }
  if (!NON_ASCII.test(t)) return t;

  // Is the text mostly Latin? (letters of other scripts that are not look-alikes vs Latin letters)
  let latin = 0;
  let foreign = 0;
  for (const ch of t) {
    if (/[A-Za-z\u00c0-\u024f\u1e00-\u1eff]/.test(ch)) latin++;
    else if (CONFUSABLE[ch] === undefined && /\p{L}/u.test(ch)) foreign++;
  }
  const latinText = latin >= foreign;

  return t.replace(WORD_RUN, (word) => {
    if (!NON_ASCII.test(word)) return word;
    let lat = 0;
    let conf = 0;
    let other = 0;
    for (const ch of word) {
      if (/[A-Za-z\u00c0-\u024f\u1e00-\u1eff]/.test(ch)) lat++;
      else if (CONFUSABLE[ch] !== undefined) conf++;
      else if (/\p{L}/u.test(ch)) other++;
    }
    let w = word;
    if (conf > 0 && other === 0 && (lat > 0 || latinText)) {
      let out = '';
      for (const ch of w) out += CONFUSABLE[ch] ?? ch;
      w = out;
      edits.confusable += conf;
      other = 0;
    }
    if (other === 0 && conf + lat > 0) {
      // A Latin word: drop diacritics, map the few letters NFD leaves alone.
      const d = w.normalize('NFD');
      let marks = 0;
      let run = 0;
      let stacked = false;
      let out = '';
      for (const ch of d) {
        if (/\p{M}/u.test(ch)) { marks++; run++; if (run >= 3) stacked = true; continue; }
        run = 0;
        out += LATIN_EXTRA[ch] ?? ch;
      }
      if (stacked && marks > 0) edits.zalgo++;
      w = out;
    }
    return w;
  });
}
