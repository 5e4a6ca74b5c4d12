// The first, cheap and certain stages on their own, with hand-built contexts: form traps (honeypot, fill
// time), bans (403 BANNED) and rate limits (429 RATE_LIMITED).
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../pipeline.js';
import { STAGES } from './index.js';
import { formTraps } from './form-traps.js';
import { bans } from './bans.js';
import { rateLimits } from './rate-limits.js';
import { ctx, NOW, run } from './stages.test-kit.js';

describe('form traps', () => {
  it('marks a filled-in honeypot as spam, whatever the timing', async () => {
    const r = await run(formTraps, { form: { honeypot: 'http://spam.example', renderedAt: NOW.getTime() - 60_000 } });
    expect(r?.decision).toMatchObject({ verdict: 'spam', stage: 'form-traps' });
    expect(r?.decision?.reason).toMatch(/honeypot/);
  });

  it('holds a form sent faster than minFillSeconds for review (not spam), unless a later stage decides', async () => {
    const r = await run(formTraps, { form: { honeypot: '', renderedAt: NOW.getTime() - 1200 } });
    expect(r?.decision).toBeUndefined();
    expect(r?.hold).toBe('the form was sent 1.2 s after it was shown (minimum 3 s)');
    // Through the whole pipeline: an ordinary text is held by form-traps, with the reason last.
    const fast = { form: { honeypot: '', renderedAt: NOW.getTime() - 400 } };
    const { decision, record } = await runPipeline(STAGES, ctx(fast).c, () => 0.01);
    expect(decision).toEqual({ verdict: 'pending', stage: 'form-traps', reason: 'the form was sent 0.4 s after it was shown (minimum 3 s)' });
    expect(record.reasons.map((x) => x.stage)).toEqual(['classifier', 'form-traps']);
    // A stricter later verdict still wins: a ban refuses, the spam filter marks spam.
    expect((await runPipeline(STAGES, ctx({ ...fast, ban: { kind: 'email', reason: 'r', expiresAt: null } }).c, () => 0)).decision.code).toBe('BANNED');
    const spam = await runPipeline(STAGES, ctx({ ...fast, text: 'Cheap pills, message me for the price.', spamProbability: 0.999 }).c, () => 0.999);
    expect(spam.decision).toMatchObject({ verdict: 'spam', stage: 'classifier' });
    expect(spam.record.reasons.map((x) => x.stage)).toEqual(['form-traps', 'classifier']);
  });

  it.each([
    ['a whitespace-only honeypot and a slow fill', { honeypot: '  ', renderedAt: NOW.getTime() - 10_000 }, {}],
    ['exactly the minimum time', { honeypot: '', renderedAt: NOW.getTime() - 3000 }, {}],
    ['no render time (an old page)', { honeypot: '', renderedAt: null }, {}],
    ['a render time in the future (clock skew)', { honeypot: '', renderedAt: NOW.getTime() + 5000 }, {}],
    ['the timing check turned off', { honeypot: '', renderedAt: NOW.getTime() }, { minFillSeconds: 0 }],
  ] as const)('lets through %s', async (_name, form, settings) => {
    expect(await run(formTraps, { form: { ...form }, settings })).toBeUndefined();
  });

  it('ignores the API (no form) and edits', async () => {
    expect(await run(formTraps, {})).toBeUndefined();
    expect(await run(formTraps, { isEdit: true, form: { honeypot: 'x', renderedAt: NOW.getTime() } })).toBeUndefined();
  });
});

describe('bans', () => {
  it('refuses a banned author with 403 BANNED, naming the end of the ban', async () => {
    const r = await run(bans, { ban: { kind: 'email', reason: 'spam run', expiresAt: '2026-03-21T12:00:00.000Z' } });
    expect(r?.decision).toEqual({ verdict: 'rejected', stage: 'bans', status: 403, code: 'BANNED', reason: 'banned email until 2026-03-21 12:00 UTC: spam run' });
  });

  it('says nothing about an end for a ban for ever, and passes the unbanned', async () => {
    expect((await run(bans, { ban: { kind: 'ip', reason: 'abuse', expiresAt: null } }))?.decision?.reason).toBe('banned ip: abuse');
    expect(await run(bans)).toBeUndefined();
  });
});

describe('rate limits', () => {
  it('refuses with 429 RATE_LIMITED and how long to wait', async () => {
    const r = await run(rateLimits, { rateLimit: { waitSeconds: 42, scope: 'network' } });
    expect(r?.decision).toMatchObject({ verdict: 'rejected', stage: 'rate-limits', status: 429, code: 'RATE_LIMITED' });
    expect(r?.decision?.reason).toBe('too many comments from this network; try again in 42 s');
  });

  it('counts every attempt once and passes when under the limit', async () => {
    const { c, calls } = ctx();
    expect(await rateLimits.run(c)).toBeUndefined();
    expect(calls.rateLimit).toBe(1);
  });
});
