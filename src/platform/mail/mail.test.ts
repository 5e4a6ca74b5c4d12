// Outgoing mail end to end: the outbox row written with its cause, delivered over real SMTP to a local
// sink by the job runner, retried with back-off while the server is down, delivered once, given up on
// after MAIL_MAX_ATTEMPTS; and the dev transport without SMTP_URL. On every dialect this machine has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, FakeClock, type TestApp } from '../../../test/helpers/test-app.js';
import { parseMessage, startSink, type Received, type Sink } from '../../../test/helpers/smtp-sink.js';
import { FORM, form } from '../../../test/helpers/http.js';

const PASSWORD = 'correct horse battery';
const SECOND = 1000;

describe.each(dialects())('mail on %s', (dialect) => {
  let t: TestApp;
  let sink: Sink | undefined;
  const messages: Received[] = [];
  const clock = new FakeClock();
  const email = 'mia@example.org';

  const requestReset = async (to = email) => {
    const res = await t.app.inject({ method: 'POST', url: '/account/reset', headers: { ...FORM, accept: 'text/html' }, payload: form({ email: to }) });
    expect(res.statusCode).toBe(200);
    const [row] = await t.mailer.list(1);
    return row!;
  };
  const outboxRow = (id: number) => t.db.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const jobOf = async (outboxId: number) => {
    const jobs = await t.db.db.selectFrom('jobs').selectAll().where('kind', '=', 'mail.send').execute();
    return jobs.find((j) => (JSON.parse(j.payload) as { outboxId: number }).outboxId === outboxId)!;
  };
  const counts = async () => ({
    outbox: (await t.db.db.selectFrom('outbox').select('id').execute()).length,
    jobs: (await t.db.db.selectFrom('jobs').select('id').execute()).length,
  });
  const stop = async () => { if (sink) { await sink.stop(); sink = undefined; } };

  beforeAll(async () => {
    sink = await startSink({ messages });
    t = await buildTestApp({ dialect, clock, env: { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_MAX_ATTEMPTS: '3', MAIL_FROM: 'Test Gazette <news@example.org>' } });
    await t.services.accounts.createUser({ email, password: PASSWORD, displayName: 'Mia', role: 'reader' });
  });
  afterAll(async () => {
    await stop();
    await t?.close();
    await t?.dropDatabase();
  });

  it('delivers a queued mail over SMTP when the job runs', async () => {
    const row = await requestReset();
    expect(row).toMatchObject({ to_address: email, status: 'pending', attempts: 0, transport: null });
    expect(messages).toHaveLength(0); // queued, not sent, until the runner runs
    expect(await t.jobs.runDue()).toBe(1);
    expect(messages).toHaveLength(1);
    const [msg] = messages;
    expect(msg!.to).toEqual([email]);
    expect(msg!.from).toBe('news@example.org');
    const { headers, text } = parseMessage(msg!.raw);
    expect(headers.to).toBe(email);
    expect(headers.subject).toBe('Reset your The Test Gazette password');
    expect(headers['message-id']).toBe(`<outbox-${row.id}@localhost>`);
    const link = /http:\/\/localhost:3000\/account\/reset\?token=[A-Za-z0-9_-]+/.exec(row.text_body)?.[0];
    expect(link).toBeDefined();
    expect(text).toContain(link);
    expect(await outboxRow(row.id)).toMatchObject({ status: 'sent', transport: 'smtp', attempts: 1, last_error: null });
    expect(await jobOf(row.id)).toMatchObject({ status: 'done', attempts: 1 });
    expect(await t.jobs.runDue()).toBe(0);
    expect(messages).toHaveLength(1);
  });

  it('keeps a mail pending while SMTP is down and delivers it exactly once when it is back', async () => {
    const port = sink!.port;
    await stop();
    const row = await requestReset();
    expect(await t.jobs.runDue()).toBe(1);
    const failed = await outboxRow(row.id);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, transport: null });
    expect(failed.last_error).toBeTruthy();
    expect(await jobOf(row.id)).toMatchObject({ status: 'pending', attempts: 1 });
    // Not again before the back-off (MAIL_RETRY_SECONDS, 30 s by default) has passed.
    clock.advance(20 * SECOND);
    expect(await t.jobs.runDue()).toBe(0);

    clock.advance(11 * SECOND);
    sink = await startSink({ messages, port });
    expect(await t.jobs.runDue()).toBe(1);
    expect(messages).toHaveLength(2);
    const { headers, text } = parseMessage(messages[1]!.raw);
    expect(headers.subject).toBe('Reset your The Test Gazette password');
    expect(text).toContain(/http:\/\/localhost:3000\/account\/reset\?token=[A-Za-z0-9_-]+/.exec(row.text_body)![0]);
    expect(await outboxRow(row.id)).toMatchObject({ status: 'sent', transport: 'smtp', attempts: 2, last_error: null });

    clock.advance(2 * 3600 * SECOND);
    expect(await t.jobs.runDue()).toBe(0);
    expect(messages).toHaveLength(2);
    expect(messages.filter((m) => m.raw.includes(`<outbox-${row.id}@localhost>`))).toHaveLength(1);
  });

  it('marks a mail failed after MAIL_MAX_ATTEMPTS attempts', async () => {
    await stop();
    const row = await requestReset();
    expect(await t.jobs.runDue()).toBe(1);
    clock.advance(31 * SECOND); // back-off after the 1st failure: 30 s
    expect(await t.jobs.runDue()).toBe(1);
    expect(await outboxRow(row.id)).toMatchObject({ status: 'pending', attempts: 2 });
    clock.advance(61 * SECOND); // after the 2nd: 60 s
    expect(await t.jobs.runDue()).toBe(1);
    const failed = await outboxRow(row.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3 });
    expect(failed.last_error).toBeTruthy();
    expect(await jobOf(row.id)).toMatchObject({ status: 'failed', attempts: 3 });
    clock.advance(24 * 3600 * SECOND);
    expect(await t.jobs.runDue()).toBe(0);
    expect(messages.some((m) => m.raw.includes(`<outbox-${row.id}@localhost>`))).toBe(false);
  });

  it('writes the outbox row and its job in the transaction of their cause, or not at all', async () => {
    const before = await counts();
    // A sign-up refused for its input: nothing is queued.
    const refused = await t.app.inject({ method: 'POST', url: '/signup', headers: { ...FORM, accept: 'text/html' },
      payload: form({ displayName: 'Mia Again', email: 'MIA@example.org', password: 'short' }) });
    expect(refused.statusCode).toBe(400);
    expect(await counts()).toEqual(before);
    // A cause that fails after queueing its mail takes the mail with it.
    await expect(t.db.db.transaction().execute(async (tx) => {
      await t.mailer.queue(tx, { to: 'ghost@example.org', subject: 'Never sent', text: 'Rolled back' });
      throw new Error('the cause failed');
    })).rejects.toThrow('the cause failed');
    expect(await counts()).toEqual(before);
    // A sign-up that succeeds queues exactly one mail and one job.
    const ok = await t.app.inject({ method: 'POST', url: '/signup', headers: { ...FORM, accept: 'text/html' },
      payload: form({ displayName: 'Noel New', email: 'noel@example.org', password: PASSWORD }) });
    expect(ok.statusCode).toBe(200);
    expect(await counts()).toEqual({ outbox: before.outbox + 1, jobs: before.jobs + 1 });
  });

  it('without SMTP_URL marks mail sent through the dev transport', async () => {
    const dev = await buildTestApp({ dialect, clock });
    try {
      await dev.services.accounts.createUser({ email, password: PASSWORD, displayName: 'Mia', role: 'reader' });
      const res = await dev.app.inject({ method: 'POST', url: '/account/reset', headers: { ...FORM, accept: 'text/html' }, payload: form({ email }) });
      expect(res.statusCode).toBe(200);
      const sent = messages.length;
      expect(await dev.jobs.runDue()).toBe(1);
      const [row] = await dev.mailer.list(1);
      expect(row).toMatchObject({ to_address: email, status: 'sent', transport: 'dev', attempts: 1, last_error: null });
      expect(row!.sent_at).toBe(clock.now().toISOString());
      expect(messages).toHaveLength(sent);
      expect(dev.mailer.usesSmtp).toBe(false);
    } finally {
      await dev.close();
      await dev.dropDatabase();
    }
  });
});
