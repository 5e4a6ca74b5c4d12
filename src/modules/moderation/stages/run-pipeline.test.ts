// The pipeline runner: stages in order, the first decision wins, holds become pending, notes are kept, refusals
// carry their status; and the real stages in their documented order, on hand-built contexts.
import { describe, expect, it } from 'vitest';
import { runPipeline, type Stage } from '../pipeline.js';
import { STAGES } from './index.js';
import { ctx, NOW } from './stages.test-kit.js';

describe('runPipeline', () => {
  const stage = (name: string, result: ReturnType<Stage<unknown>['run']>, log: string[]): Stage<unknown> => ({
    name, run: () => { log.push(name); return result; },
  });

  it('runs the stages in order; the first decision wins and later stages do not run', async () => {
    const log: string[] = [];
    const { decision, record } = await runPipeline([
      stage('one', undefined, log),
      stage('two', { note: 'score 0.4' }, log),
      stage('three', Promise.resolve({ decision: { verdict: 'pending', stage: 'three', reason: 'held' } }), log),
      stage('four', { decision: { verdict: 'spam', stage: 'four', reason: 'never reached' } }, log),
    ], {}, () => 0.4);
    expect(log).toEqual(['one', 'two', 'three']);
    expect(decision).toEqual({ verdict: 'pending', stage: 'three', reason: 'held' });
    expect(record).toEqual({
      verdict: 'pending', decidedBy: 'three', spamScore: 0.4,
      reasons: [{ stage: 'two', reason: 'score 0.4' }, { stage: 'three', reason: 'held' }],
    });
  });

  it('turns a hold into a pending verdict when no later stage decides; the first hold counts', async () => {
    const log: string[] = [];
    const { decision, record } = await runPipeline([
      stage('early', { hold: 'looked rushed' }, log),
      stage('note', { note: 'score 0.1' }, log),
      stage('again', { hold: 'second hold' }, log),
    ], {}, () => 0.1);
    expect(log).toEqual(['early', 'note', 'again']);
    expect(decision).toEqual({ verdict: 'pending', stage: 'early', reason: 'looked rushed' });
    expect(record).toEqual({
      verdict: 'pending', decidedBy: 'early', spamScore: 0.1,
      reasons: [{ stage: 'note', reason: 'score 0.1' }, { stage: 'again', reason: 'second hold' }, { stage: 'early', reason: 'looked rushed' }],
    });
  });

  it('records a deciding stage\'s own note before its decision', async () => {
    const { record } = await runPipeline([stage('s', { note: 'n', decision: { verdict: 'spam', stage: 's', reason: 'r' } }, [])], {}, () => null);
    expect(record.reasons).toEqual([{ stage: 's', reason: 'n' }, { stage: 's', reason: 'r' }]);
    expect(record.spamScore).toBeNull();
  });

  it('publishes what passes every stage, keeping every note', async () => {
    const { decision, record } = await runPipeline([stage('a', { note: 'fine' }, []), stage('b', { note: 'also fine' }, [])], {}, () => 0.01);
    expect(decision).toEqual({ verdict: 'published', stage: 'default', reason: 'passed every check' });
    expect(record.reasons).toEqual([{ stage: 'a', reason: 'fine' }, { stage: 'b', reason: 'also fine' }, { stage: 'default', reason: 'passed every check' }]);
    expect((await runPipeline([], {}, () => 0)).decision.verdict).toBe('published');
  });

  it('carries the status and code of a refusal', async () => {
    const { decision } = await runPipeline(STAGES, ctx({ rateLimit: { waitSeconds: 5, scope: 'author' } }).c, () => 0);
    expect(decision).toMatchObject({ verdict: 'rejected', stage: 'rate-limits', status: 429, code: 'RATE_LIMITED' });
  });

  it('has the stages in the documented order, and a clean comment passes them all with the score noted', async () => {
    expect(STAGES.map((s) => s.name)).toEqual(['form-traps', 'bans', 'rate-limits', 'block-lists', 'duplicates', 'repeat-offenders', 'promotion', 'classifier', 'links', 'site-policy']);
    const { c, calls } = ctx({ form: { honeypot: '', renderedAt: NOW.getTime() - 30_000 } });
    const { decision, record } = await runPipeline(STAGES, c, () => c.spam().spamProbability);
    expect(decision.verdict).toBe('published');
    expect(record.reasons.map((r) => r.stage)).toEqual(['classifier', 'default']);
    expect(record.spamScore).toBe(0.01);
    expect(calls).toMatchObject({ ban: 1, rateLimit: 1, blockList: 1, duplicate: 1 });
  });

  it('stops at a ban before counting the attempt against the rate limit', async () => {
    const { c, calls } = ctx({ ban: { kind: 'account', reason: 'r', expiresAt: null } });
    expect((await runPipeline(STAGES, c, () => 0)).decision.code).toBe('BANNED');
    expect(calls.rateLimit).toBe(0);
  });
});
