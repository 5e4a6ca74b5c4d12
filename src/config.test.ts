// The configuration added for uploads and mail (the rest is covered in platform.test.ts): defaults, valid
// values, and one clear line per bad value.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('image upload limits', () => {
  it('defaults to 40 megapixels and 2 uploads decoded at once', () => {
    expect(loadConfig({})).toMatchObject({ imageMaxPixels: 40_000_000, imageConcurrency: 2 });
  });

  it('reads IMAGE_MAX_PIXELS and IMAGE_CONCURRENCY', () => {
    expect(loadConfig({ IMAGE_MAX_PIXELS: '12000000', IMAGE_CONCURRENCY: '4' })).toMatchObject({ imageMaxPixels: 12_000_000, imageConcurrency: 4 });
  });

  it.each([
    ['IMAGE_MAX_PIXELS', 'lots'], ['IMAGE_MAX_PIXELS', '0'], ['IMAGE_MAX_PIXELS', '1.5'], ['IMAGE_MAX_PIXELS', '2000000000'],
    ['IMAGE_CONCURRENCY', '0'], ['IMAGE_CONCURRENCY', '33'], ['IMAGE_CONCURRENCY', 'two'],
  ])('refuses %s=%s with one line naming it', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.startsWith(`${name}:`)).toBe(true);
    expect(problems[0]).toContain(JSON.stringify(value));
  });
});
