// The start-up wait for the database, with a fake probe and clock: masking, back-off, giving up.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';
import { DatabaseUnavailableError, describeError, redactUrl, waitForDatabase } from './wait.js';

describe('redactUrl', () => {
  it.each([
    ['postgres://app:s3cret@db:5432/gazette', 'postgres://app:***@db:5432/gazette'],
    ['postgresql://app:p%40ss@db/gazette?sslmode=require', 'postgresql://app:***@db/gazette?sslmode=require'],
    ['postgres://app@db:5432/gazette', 'postgres://app@db:5432/gazette'],
    ['postgres://db/gazette?user=app&password=s3cret', 'postgres://db/gazette?user=app&password=***'],
    ['sqlite:./data/gazette.db', 'sqlite:./data/gazette.db'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe('describeError', () => {
  it('puts every address a name resolved to on one line', () => {
    const err = new AggregateError([
      Object.assign(new Error('connect ECONNREFUSED ::1:5499'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5499'), { code: 'ECONNREFUSED' }),
    ], '');
    expect(describeError(err)).toBe('connect ECONNREFUSED ::1:5499; connect ECONNREFUSED 127.0.0.1:5499');
    expect(describeError(Object.assign(new Error(''), { code: 'ETIMEDOUT' }))).toBe('ETIMEDOUT');
    expect(describeError(new Error('line one\n  line two'))).toBe('line one line two');
  });
});

describe('waitForDatabase', () => {
  const URL = 'postgres://app:s3cret@db:5432/gazette';
  /** A fake clock that sleeping moves, and a probe that fails `failures` times. */
  function harness(failures: number) {
    let t = 0;
    let calls = 0;
    const log: string[] = [];
    const sleeps: number[] = [];
    return {
      log, sleeps, calls: () => calls,
      opts: (waitSeconds: number) => ({
        waitSeconds, log: (l: string) => log.push(l), now: () => t,
        sleep: async (ms: number) => { sleeps.push(ms); t += ms; },
        probe: async () => { calls++; t += 10; if (calls <= failures) throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' }); },
      }),
    };
  }

  it('backs off 1, 2, 4, 8, then 10 s at most, and gives up at the deadline with one line', async () => {
    const h = harness(Infinity);
    const error = await waitForDatabase(URL, h.opts(60)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toMatch(/^Cannot reach the database at postgres:\/\/app:\*\*\*@db:5432\/gazette: connect ECONNREFUSED 10\.0\.0\.5:5432; gave up after 60(\.\d)? s \(DATABASE_WAIT_SECONDS=60\)$/);
    expect(h.sleeps.slice(0, 7)).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
    expect(h.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60_000);
    expect(h.log).toHaveLength(h.sleeps.length);
    expect(h.log[0]).toBe('Cannot reach the database at postgres://app:***@db:5432/gazette: connect ECONNREFUSED 10.0.0.5:5432; retrying in 1 s');
    expect([...h.log, (error as Error).message].join('\n')).not.toContain('s3cret');
  });

  it('returns once the database answers, saying so', async () => {
    const h = harness(2);
    await waitForDatabase(URL, h.opts(60));
    expect(h.calls()).toBe(3);
    expect(h.log).toHaveLength(3);
    expect(h.log[2]).toMatch(/^Reached the database at postgres:\/\/app:\*\*\*@db:5432\/gazette after 3 attempts/);
  });

  it('is silent when the database answers at once, and tries once with 0 s', async () => {
    const ok = harness(0);
    await waitForDatabase(URL, ok.opts(60));
    expect(ok.log).toEqual([]);
    const down = harness(Infinity);
    await expect(waitForDatabase(URL, down.opts(0))).rejects.toThrow(/\(DATABASE_WAIT_SECONDS=0: no retry\)$/);
    expect(down.calls()).toBe(1);
    expect(down.log).toEqual([]);
  });

  it('does not retry SQLite', async () => {
    const h = harness(Infinity);
    await expect(waitForDatabase('sqlite:/nowhere/x.db', h.opts(60))).rejects.toThrow(/^Cannot open the SQLite database at \/nowhere\/x\.db: connect ECONNREFUSED/);
    expect(h.calls()).toBe(1);
  });

  it('reads DATABASE_WAIT_SECONDS (default 60) and rejects bad values with one line', () => {
    expect(loadConfig({}).databaseWaitSeconds).toBe(60);
    expect(loadConfig({ DATABASE_WAIT_SECONDS: '0' }).databaseWaitSeconds).toBe(0);
    for (const bad of ['-1', 'soon', '1.5', '3601']) {
      let error: unknown;
      try { loadConfig({ DATABASE_WAIT_SECONDS: bad }); } catch (e) { error = e; }
      expect(error, bad).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems, bad).toHaveLength(1);
      expect((error as ConfigError).problems[0]!.startsWith('DATABASE_WAIT_SECONDS:'), bad).toBe(true);
    }
  });
});
