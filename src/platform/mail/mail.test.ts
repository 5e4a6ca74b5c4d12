// Outgoing mail end to end: the outbox row written with its cause, delivered over real SMTP to a local
// sink by the job runner, retried with back-off while the server is down (for MAIL_RETRY_HOURS, 48 by
// default), delivered once, then given up on; sent again by an admin from the outbox (one or every failed
// mail, with the same Message-ID); and the dev transport without SMTP_URL. On every dialect this machine has.
import { unmaskToken } from '../secrets.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, FakeClock, type TestApp } from '../../../test/helpers/test-app.js';
import { parseMessage, startSink, type Received, type Sink } from '../../../test/helpers/smtp-sink.js';
import { FORM, form } from '../../../test/helpers/http.js';

const PASSWORD = 'correct horse battery';
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

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
  let port: number;
  const restart = async () => { sink ??= await startSink({ messages, port }); };
  const sentTo = (outboxId: number) => messages.filter((m) => parseMessage(m.raw).headers['message-id'] === `<outbox-${outboxId}@localhost>`);
  const jobsOf = async (outboxId: number) => (await t.db.db.selectFrom('jobs').selectAll().where('kind', '=', 'mail.send').execute())
    .filter((j) => (JSON.parse(j.payload) as { outboxId: number }).outboxId === outboxId);

  /** Lets `ms` pass as the job runner would see it: the clock jumps from one due job to the next. */
  const runFor = async (ms: number) => {
    const end = clock.now().getTime() + ms;
    for (;;) {
      const next = await t.db.db.selectFrom('jobs').select('run_at').where('status', '=', 'pending').orderBy('run_at').executeTakeFirst();
      if (!next || Date.parse(next.run_at) > end) break;
      clock.advance(Math.max(0, Date.parse(next.run_at) - clock.now().getTime()));
      await t.jobs.runDue();
    }
    clock.advance(end - clock.now().getTime());
  };

  /** Mails that failed for good: queued while the server is down and retried until their window closed. */
  const failedMails = async (n: number) => {
    await stop();
    const ids: number[] = [];
    for (let i = 0; i < n; i++) ids.push((await requestReset()).id);
    await runFor(49 * HOUR);
    for (const id of ids) expect((await outboxRow(id)).status).toBe('failed');
    return ids;
  };

  // The admin, signed in, posting the outbox's forms with the session's CSRF token.
  let ada: { cookie: string; csrf: string };
  const adminGet = (url: string) => t.app.inject({ url, headers: { accept: 'text/html', cookie: ada.cookie } });
  const adminPost = (url: string, fields: Record<string, string> = { _csrf: ada.csrf }) =>
    t.app.inject({ method: 'POST', url, headers: { ...FORM, accept: 'text/html', cookie: ada.cookie }, payload: form(fields) });

  beforeAll(async () => {
    sink = await startSink({ messages });
    port = sink.port;
    t = await buildTestApp({ dialect, clock, env: { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_FROM: 'Test Gazette <news@example.org>' } });
    await t.services.accounts.createUser({ email, password: PASSWORD, displayName: 'Mia', role: 'reader' });
    const admin = await t.services.accounts.createUser({ email: 'ada@example.org', password: PASSWORD, displayName: 'Ada', role: 'admin' });
    const s = await t.services.accounts.createSession(admin.id);
    ada = { cookie: `gz_session=${s.token}`, csrf: s.csrf };
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

  it('keeps retrying long past the old 64-minute give-up, and delivers once the server is back 20 hours later', async () => {
    await stop();
    const row = await requestReset();
    // The old defaults (8 attempts, back-off from 30 s) gave up after 63.5 minutes.
    await runFor(64 * MINUTE);
    expect(await outboxRow(row.id)).toMatchObject({ status: 'pending', attempts: 8 });
    await runFor(20 * HOUR - 64 * MINUTE);
    const waiting = await outboxRow(row.id);
    expect(waiting.status).toBe('pending');
    expect(waiting.attempts).toBeGreaterThan(20); // back-off capped at an hour: about one try an hour
    expect(waiting.last_error).toBeTruthy();
    expect(sentTo(row.id)).toHaveLength(0);

    await restart();
    await runFor(HOUR);
    expect(await outboxRow(row.id)).toMatchObject({ status: 'sent', transport: 'smtp', last_error: null, attempts: waiting.attempts + 1 });
    expect(sentTo(row.id)).toHaveLength(1);
    expect(parseMessage(sentTo(row.id)[0]!.raw).text).toContain(/\/account\/reset\?token=[A-Za-z0-9_-]+/.exec(row.text_body)![0]);
    await runFor(24 * HOUR);
    expect(sentTo(row.id)).toHaveLength(1);
  });

  it('gives up after MAIL_RETRY_HOURS (48 by default) and shows the mail as failed', async () => {
    await stop();
    const row = await requestReset();
    const queuedAt = clock.now().getTime();
    await runFor(47 * HOUR);
    expect((await outboxRow(row.id)).status).toBe('pending');
    await runFor(2 * HOUR);
    const failed = await outboxRow(row.id);
    expect(failed.status).toBe('failed');
    expect(failed.last_error).toBeTruthy();
    const [job] = await jobsOf(row.id);
    expect(job).toMatchObject({ status: 'failed', attempts: failed.attempts });
    // Its last attempt was inside the window; none is made after it.
    expect(Date.parse(job!.finished_at!)).toBeLessThanOrEqual(queuedAt + 48 * HOUR);
    await restart();
    await runFor(24 * HOUR);
    expect(sentTo(row.id)).toHaveLength(0);
    expect((await outboxRow(row.id)).status).toBe('failed');
  });

  it('sends a failed mail again from its outbox page, with its Message-ID', async () => {
    const [id] = await failedMails(1);
    const page = await adminGet(`/admin/outbox/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`action="/admin/outbox/${id}/resend"`);
    expect(unmaskToken(/name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '')).toBe(ada.csrf);

    // Without the session's CSRF token nothing happens.
    expect((await adminPost(`/admin/outbox/${id}/resend`, {})).statusCode).toBe(403);
    expect((await outboxRow(id!)).status).toBe('failed');

    await restart();
    const res = await adminPost(`/admin/outbox/${id}/resend`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/outbox/${id}?notice=resent&n=1`);
    expect((await adminGet(res.headers.location!)).body).toContain('1 mail is queued again.');
    expect((await outboxRow(id!)).status).toBe('pending');
    expect(await t.jobs.runDue()).toBe(1);
    expect(await outboxRow(id!)).toMatchObject({ status: 'sent', last_error: null });
    expect(sentTo(id!)).toHaveLength(1);
    expect(parseMessage(sentTo(id!)[0]!.raw).headers.subject).toBe('Reset your The Test Gazette password');

    // It is no longer failed: sending it again is refused.
    const again = await adminPost(`/admin/outbox/${id}/resend`);
    expect(again.statusCode).toBe(409);
    expect(await jobsOf(id!)).toHaveLength(2);
  });

  it('sends every failed mail again, and only those', async () => {
    await failedMails(2);
    // Every failed mail: these two and any an earlier test left failed.
    const failed = (await t.db.db.selectFrom('outbox').select('id').where('status', '=', 'failed').orderBy('id').execute()).map((r) => r.id);
    expect(failed.length).toBeGreaterThanOrEqual(2);
    await restart();
    const sent = await requestReset();
    await t.jobs.runDue();
    expect((await outboxRow(sent.id)).status).toBe('sent');
    await stop();
    const pending = await requestReset();
    await t.jobs.runDue();
    expect((await outboxRow(pending.id)).status).toBe('pending');

    const list = await adminGet('/admin/outbox');
    expect(list.body).toContain('action="/admin/outbox/resend"');
    expect(list.body).toContain(`Send all ${failed.length} failed mails again`);
    for (const id of failed) expect(list.body).toContain(`action="/admin/outbox/${id}/resend"`);
    for (const id of [sent.id, pending.id]) expect(list.body).not.toContain(`action="/admin/outbox/${id}/resend"`);
    expect(await t.mailer.counts()).toMatchObject({ failed: failed.length });

    const res = await adminPost('/admin/outbox/resend');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/outbox?notice=resent&n=${failed.length}`);
    for (const id of failed) {
      expect((await outboxRow(id)).status).toBe('pending');
      expect((await jobsOf(id)).map((j) => j.status).sort()).toEqual(['failed', 'pending']);
    }
    expect(await outboxRow(sent.id)).toMatchObject({ status: 'sent' });
    expect(await jobsOf(sent.id)).toHaveLength(1);
    expect(await jobsOf(pending.id)).toHaveLength(1);

    await restart();
    await runFor(MINUTE);
    for (const id of [...failed, pending.id]) {
      expect((await outboxRow(id)).status).toBe('sent');
      expect(sentTo(id)).toHaveLength(1);
    }
    expect(sentTo(sent.id)).toHaveLength(1);
    // Nothing failed is left: the button is gone and pressing it anyway queues nothing.
    expect(await t.mailer.counts()).toMatchObject({ failed: 0 });
    expect((await adminGet('/admin/outbox')).body).not.toContain('action="/admin/outbox/resend"');
    expect((await adminPost('/admin/outbox/resend')).headers.location).toBe('/admin/outbox?notice=resent&n=0');
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
