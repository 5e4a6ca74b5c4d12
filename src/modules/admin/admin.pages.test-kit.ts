// Shared by the test files of the newsroom admin pages (dashboard-and-campaigns, users-and-outbox, api-tokens,
// site-settings): the app each suite builds per dialect with its one admin, people signed in by role, and
// form posts with the session's CSRF token. Not a test file itself (vitest runs *.test.ts only).
import { afterAll, beforeAll, expect } from 'vitest';
import type { DialectName } from '../../platform/db/database.js';
import { buildTestApp, FakeClock, type TestApp } from '../../../test/helpers/test-app.js';
import type { Role } from '../accounts/permissions.js';
import type { User } from '../accounts/accounts.service.js';
import { FORM, form } from '../../../test/helpers/http.js';

export interface Person { user: User; cookie: string; csrf: string }

/**
 * Call inside `describe.each(dialects())`: builds the app on `dialect` before the suite's tests, with Ada as its
 * one admin, and drops it after. `t` and `ada` are there once that beforeAll has run.
 */
export function adminPagesSuite(dialect: DialectName) {
  let t: TestApp;
  const clock = new FakeClock(); // 2026-03-14T12:00Z
  let ada: Person; // the one admin
  let n = 0;

  const signIn = async (role: Role, displayName = `${role} ${++n}`): Promise<Person> => {
    const user = await t.services.accounts.createUser({ email: `${role}.${++n}@example.org`, password: 'correct horse battery', displayName, role });
    const s = await t.services.accounts.createSession(user.id);
    return { user, cookie: `gz_session=${s.token}`, csrf: s.csrf };
  };
  const get = (url: string, who?: Person, headers: Record<string, string> = {}) =>
    t.app.inject({ url, headers: { accept: 'text/html', ...(who && { cookie: who.cookie }), ...headers } });
  const post = (url: string, who: Person, fields: Record<string, string | number> = {}) =>
    t.app.inject({ method: 'POST', url, headers: { ...FORM, accept: 'text/html', cookie: who.cookie }, payload: form({ _csrf: who.csrf, ...fields }) });
  const follow = async (res: { statusCode: number; headers: Record<string, unknown> }, who: Person) => {
    expect(res.statusCode).toBe(303);
    return get(String(res.headers.location), who);
  };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock });
    ada = await signIn('admin', 'Ada <Admin>');
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  return { get t() { return t; }, get ada() { return ada; }, clock, signIn, get, post, follow };
}
