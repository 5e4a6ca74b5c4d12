// Shared by the test files of the newsroom's article pages (article-editor, article-list-and-access,
// article-images-and-comments-switch): the app each suite builds per dialect with an admin, an editor and two
// authors signed in, form posts with a session cookie, and readers of the pages. Not a test file itself
// (vitest runs *.test.ts only).
import { afterAll, beforeAll, expect } from 'vitest';
import type { DialectName } from '../../platform/db/database.js';
import { buildTestApp, FakeClock, type TestApp } from '../../../test/helpers/test-app.js';
import type { Role } from '../accounts/permissions.js';
import { FORM, form } from '../../../test/helpers/http.js';

export const HOUR = 3600_000;

export interface Session { cookie: string; csrf: string; userId: number; name: string }

/** The article ids in the list's table, in the order shown. */
export const listed = (html: string) => [...html.matchAll(/<tr data-article-id="(\d+)"/g)].map((m) => Number(m[1]));
/** The editor's Markdown textarea content (after the newline the HTML parser drops). */
export const textareaOf = (html: string) => /<textarea id="bodyMarkdown"[^>]*>\n([\s\S]*?)<\/textarea>/.exec(html)?.[1];
export const idOf = (location: string | undefined) => Number(/^\/admin\/articles\/(\d+)\?notice=\w+$/.exec(location ?? '')?.[1]);
/** datetime-local (UTC) for a moment `ms` after `now`. */
export const localAt = (now: Date, ms: number) => new Date(now.getTime() + ms).toISOString().slice(0, 16);

/**
 * Call inside `describe.each(dialects())`: builds the app on `dialect` before the suite's tests, with its
 * people signed in, and drops it after. `t` and the sessions are there once that beforeAll has run.
 */
export function articleAdminSuite(dialect: DialectName) {
  let t: TestApp;
  const clock = new FakeClock();
  let editor: Session;
  let author: Session;
  let otherAuthor: Session;
  let seq = 0;

  async function session(role: Role, name: string): Promise<Session> {
    const user = await t.services.accounts.createUser({ email: `${role}${++seq}@example.org`, password: 'a long enough password', displayName: name, role });
    // Until the /login page lands, a session is made directly; its cookie and CSRF token are what /login would give.
    const s = await t.services.accounts.createSession(user.id);
    return { cookie: `gz_session=${s.token}`, csrf: s.csrf, userId: user.id, name };
  }
  const get = (s: Session | undefined, url: string) =>
    t.app.inject({ url, headers: { accept: 'text/html', ...(s && { cookie: s.cookie }) } });
  const post = (s: Session, url: string, fields: Record<string, string | number>, opts: { csrf?: string | null } = {}) =>
    t.app.inject({
      method: 'POST', url, headers: { ...FORM, accept: 'text/html', cookie: s.cookie },
      payload: form({ ...(opts.csrf !== null && { _csrf: opts.csrf ?? s.csrf }), ...fields }),
    });
  const fields = (over: Record<string, string> = {}) => ({
    title: 'An article', slug: '', summary: '', tags: '', authorName: 'Ada Reporter', bodyMarkdown: 'Some *text*.',
    commentsOpen: '', publishedAt: '', intent: 'save', ...over,
  });
  /** Creates an article through the form; returns its id. */
  async function createVia(s: Session, over: Record<string, string> = {}): Promise<number> {
    const res = await post(s, '/admin/articles', fields(over));
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    return idOf(res.headers.location);
  }
  /** The editor form's current values for an article, as a browser would submit them again. */
  async function formOf(s: Session, id: number): Promise<Record<string, string>> {
    const a = await t.services.articles.getById(id);
    return fields({
      title: a.title, slug: a.slug, summary: a.summary, tags: a.tags.join(', '), authorName: a.authorName, bodyMarkdown: a.bodyMarkdown,
      commentsOpen: a.commentsOpen === null ? '' : a.commentsOpen ? 'open' : 'closed', publishedAt: a.publishedAt?.slice(0, 16) ?? '', updatedAt: a.updatedAt,
    });
  }
  const publicPage = (slug: string) => t.app.inject({ url: `/articles/${slug}`, headers: { accept: 'text/html' } });
  const home = async () => (await t.app.inject({ url: '/', headers: { accept: 'text/html' } })).body;

  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock });
    // A set-up site (before its first admin exists, /admin leads to /setup instead of /login).
    await session('admin', 'Ada Admin');
    editor = await session('editor', 'Eddie Editor');
    author = await session('author', 'Annie Author');
    otherAuthor = await session('author', 'Bob Byline');
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  return {
    get t() { return t; }, get editor() { return editor; }, get author() { return author; }, get otherAuthor() { return otherAuthor; },
    clock, session, get, post, fields, createVia, formOf, publicPage, home,
  };
}
