// The spam model's seed files (data/spam-seeds, read by scripts/spam-seeds.ts) and the disguise
// generator (scripts/obfuscate.ts): a broken edit shows up here, before a model build.
import { describe, expect, it } from 'vitest';
import { parseSeedFile, readSeeds } from '../scripts/spam-seeds.js';
import { OBFUSCATION_STYLES, obfuscate } from '../scripts/obfuscate.js';

describe('seed files', () => {
  it('reads topic,text rows exactly as written, quoted or not', () => {
    const rows = parseSeedFile('topic,text\n"money, work","Earn $90 ""every"" hour, no experience"\nlinks, bare\n');
    expect(rows).toEqual([
      { topic: 'money, work', text: 'Earn $90 "every" hour, no experience' },
      { topic: 'links', text: ' bare' },
    ]);
  });

  it('names the line of a broken row', () => {
    expect(() => parseSeedFile('text,topic\nx,y\n')).toThrow(/line 1: the header must be "topic,text"/);
    expect(() => parseSeedFile('topic,text\nmoney,"a, b",c\n')).toThrow(/line 2: expected 2 fields/);
    expect(() => parseSeedFile('topic,text\nmoney,\n')).toThrow(/line 2: empty comment/);
    expect(() => parseSeedFile('topic,text\nmoney,"unterminated\n')).toThrow(/unterminated/);
  });

  it('the shipped files parse, without duplicates', () => {
    const seeds = readSeeds();
    expect(seeds.spam.length).toBeGreaterThan(400);
    expect(seeds.ham.length).toBeGreaterThan(500);
    expect(new Set(seeds.spam).size).toBe(seeds.spam.length);
    expect(new Set(seeds.ham).size).toBe(seeds.ham.length);
  });
});

describe('obfuscate', () => {
  it('disguises deterministically in every style', () => {
    const text = 'Earn money working from home, visit my profile today';
    for (const [i, style] of OBFUSCATION_STYLES.entries()) {
      const copy = obfuscate(text, style, i + 1);
      expect(copy).toBe(obfuscate(text, style, i + 1));
      expect(copy).not.toBe(text);
    }
    expect(obfuscate('Earn money working from home', 'hyphen', 7)).toMatch(/[a-z]-[a-z]/i);
    expect(obfuscate('Earn money working from home', 'spaced', 7)).toMatch(/(?:\b\w ){3}/);
  });
});
