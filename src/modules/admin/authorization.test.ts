// THE permission matrix: every admin route (pages under /admin and the API under /api/v1/admin), as the
// running app registers them, against every role and an anonymous caller. The permission each needs comes
// from its declaration in the page and API registries (no list kept here): a route under /admin that is not
// declared with a permission fails the suite, and so does any route that escapes the registries.
import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { registeredRoutes } from '../../../test/helpers/routes.js';
import { ROLE_PERMISSIONS, ROLES, type Permission, type Role } from '../accounts/permissions.js';

/** Routes that are neither pages nor API declarations: files, health, the API's own description. */
// The Stripe webhook is authenticated by its signature, not by a caller (fundraising/stripe/stripe-webhook.ts).
const NOT_DECLARED = /^(GET \/assets\/|GET \/media\/|GET \/healthz$|GET \/livez$|GET \/metrics$|GET \/api\/v1\/openapi\.json$|POST \/webhooks\/stripe$)/;

interface Route { method: string; url: string; key: string; page: boolean }

const ADMIN_PATH = /^\/(?:api\/v1\/)?admin(?:\/|$)/;

interface Caller { cookie: string; csrf: string }

/**
 * What each admin area may ask for, written from the roles table in the README (not from the declarations):
 * a route declared with a broader permission than its area's (users under admin.access, say) fails below.
 * The first matching area counts.
 */
const AREAS: [RegExp, Permission[]][] = [
  [/^\/admin$/, ['admin.access']],
  [/^\/admin\/(settings|menus|moderation\/settings)(\/|$)/, ['settings.manage']],
  [/^\/(api\/v1\/)?admin\/moderation(\/|$)/, ['comments.moderate']],
  [/^\/(api\/v1\/)?admin\/(articles|preview|images)(\/|$)/, ['articles.write.own', 'articles.publish', 'images.upload']],
  [/^\/(api\/v1\/)?admin\/campaigns(\/|$)/, ['campaigns.manage']],
  [/^\/(api\/v1\/)?admin\/donations(\/|$)/, ['donations.manage']],
  [/^\/admin\/users(\/|$)/, ['users.manage']],
  [/^\/admin\/tokens(\/|$)/, ['tokens.own']],
  [/^\/admin\/outbox(\/|$)/, ['outbox.read']],
];

describe.each(dialects())('admin authorization on %s', (dialect) => {
  let t: TestApp;
  let routes: Route[];
  /** Route → the permission its declaration names. */
  let TABLE: Record<string, { permission: Permission }>;
  const callers = {} as Record<Role, Caller>;

  beforeAll(async () => {
    t = await buildTestApp({ dialect });
    for (const role of ROLES) {
      const user = await t.services.accounts.createUser({ email: `${role}@example.org`, password: 'correct horse battery', displayName: `The ${role}`, role });
      const s = await t.services.accounts.createSession(user.id);
      callers[role] = { cookie: `gz_session=${s.token}`, csrf: s.csrf };
    }
    TABLE = Object.fromEntries(t.declaredRoutes().flatMap((r) =>
      (typeof r.access === 'object' ? [[`${r.method} ${r.url}`, { permission: r.access.permission as Permission }]] : [])));
    routes = registeredRoutes(t)
      .filter((r) => ADMIN_PATH.test(r.url))
      .map((r) => ({ ...r, key: `${r.method} ${r.url}`, page: !r.url.startsWith('/api/') }));
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  /** One request as the caller: pages get a form post, the API a JSON body; ids name nothing that exists. */
  const send = (r: Route, who: Caller | undefined, opts: { csrf?: boolean } = {}) => {
    const url = r.url.replace(/:\w+/g, '999999');
    const headers: Record<string, string> = { accept: r.page ? 'text/html' : 'application/json' };
    if (who) headers.cookie = who.cookie;
    if (r.method === 'GET') return t.app.inject({ method: 'GET', url, headers });
    const csrf = who && opts.csrf !== false ? who.csrf : undefined;
    if (r.page) {
      return t.app.inject({
        method: r.method as 'POST', url, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        payload: csrf ? new URLSearchParams({ _csrf: csrf }).toString() : '',
      });
    }
    if (csrf) headers['x-csrf-token'] = csrf;
    return t.app.inject({ method: r.method as 'POST', url, headers: { ...headers, 'content-type': 'application/json' }, payload: '{}' });
  };

  /** Everything a request could change: every table's rows, the media files, the settings in memory. */
  const snapshot = async () => {
    const tables = t.db.dialect === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`.execute(t.db.db)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() order by table_name`.execute(t.db.db)).rows.map((r) => r.name);
    const data: Record<string, string[]> = {};
    for (const table of tables) {
      const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(t.db.db)).rows;
      data[table] = rows.map((row) => JSON.stringify(row)).sort();
    }
    const files = fs.existsSync(t.config.mediaDir) ? fs.readdirSync(t.config.mediaDir, { recursive: true }).map(String).sort() : [];
    return { data, files, settings: JSON.stringify(t.services.settings.get()) };
  };

  it('reads the admin routes from the running app', () => {
    expect(routes.length).toBeGreaterThanOrEqual(Object.keys(TABLE).length);
    for (const r of routes) expect(t.app.hasRoute({ method: r.method as 'GET', url: r.url }), r.key).toBe(true);
    expect(routes.map((r) => r.key)).toContain('GET /admin');
    expect(routes.map((r) => r.key)).toContain('PATCH /api/v1/admin/campaigns/:id');
  });

  it('notices a change in the database (the "nothing changed" check can fail)', async () => {
    const before = await snapshot();
    await t.services.campaigns.create({ month: '2020-01', goalMinor: 100, currency: 'USD' });
    expect(await snapshot()).not.toEqual(before);
  });

  it('declares a permission for every registered admin route', () => {
    const missing = routes.filter((r) => !Object.hasOwn(TABLE, r.key)).map((r) => r.key);
    expect(missing, 'admin routes not declared in a registry with a permission').toEqual([]);
  });

  it('declares each admin route with the permission of its area, never a broader one', () => {
    const wrong = routes.filter((r) => TABLE[r.key]).flatMap((r) => {
      const allowed = AREAS.find(([path]) => path.test(r.url))?.[1];
      const declared = TABLE[r.key]!.permission;
      return allowed?.includes(declared) ? [] : [`${r.key}: ${declared}${allowed ? ` (expected ${allowed.join(' or ')})` : ' (in no known area)'}`];
    });
    expect(wrong).toEqual([]);
  });

  it('declares every route the app serves, pages and API alike (no route outside the registries)', () => {
    const declared = new Set(t.declaredRoutes().map((r) => `${r.method} ${r.url}`));
    const undeclared = registeredRoutes(t).map((r) => `${r.method} ${r.url}`).filter((key) => !declared.has(key) && !NOT_DECLARED.test(key));
    expect(undeclared).toEqual([]);
    // …and every declaration is a route the app serves.
    const served = new Set(registeredRoutes(t).map((r) => `${r.method} ${r.url}`));
    expect([...declared].filter((key) => !served.has(key))).toEqual([]);
  });

  it('sends anonymous callers to sign in: 401 for the API and form posts, the sign-in page for page views', async () => {
    const problems: string[] = [];
    for (const r of routes) {
      const before = await snapshot();
      const res = await send(r, undefined);
      if (r.page && r.method === 'GET') {
        const location = String(res.headers.location ?? '');
        if (res.statusCode !== 303 || !location.startsWith('/login?next=')) problems.push(`${r.key}: ${res.statusCode} ${location}`);
      } else if (res.statusCode !== 401) {
        problems.push(`${r.key}: ${res.statusCode}`);
      } else if (!r.page && res.json().error?.code !== 'UNAUTHORIZED') {
        problems.push(`${r.key}: ${res.body}`);
      }
      if (r.method !== 'GET') expect(await snapshot(), `${r.key} changed something`).toEqual(before);
    }
    expect(problems).toEqual([]);
  });

  it.each(ROLES)('%s: 403 and nothing changed without the permission, never 401/403 with it', async (role) => {
    const problems: string[] = [];
    for (const r of routes) {
      const entry = TABLE[r.key];
      if (!entry) continue; // reported by the table test
      const allowed = ROLE_PERMISSIONS[role].includes(entry.permission);
      const before = allowed ? undefined : await snapshot();
      const res = await send(r, callers[role]);
      if (allowed) {
        if (res.statusCode === 401 || res.statusCode === 403 || res.statusCode >= 500) problems.push(`${r.key} (${entry.permission}): ${res.statusCode} ${res.body.slice(0, 200)}`);
      } else {
        if (res.statusCode !== 403) problems.push(`${r.key} (${entry.permission}): expected 403, got ${res.statusCode}`);
        else if (!r.page && res.json().error?.code !== 'FORBIDDEN') problems.push(`${r.key}: ${res.body}`);
        const after = await snapshot();
        if (JSON.stringify(after) !== JSON.stringify(before)) {
          expect(after, `${r.key} as ${role} changed something`).toEqual(before);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('refuses every page action made with a session but without its CSRF token, and changes nothing', async () => {
    const problems: string[] = [];
    for (const r of routes.filter((x) => x.method !== 'GET' && x.page)) {
      const before = await snapshot();
      const res = await send(r, callers.admin, { csrf: false });
      if (res.statusCode !== 403) problems.push(`${r.key}: ${res.statusCode}`);
      expect(await snapshot(), `${r.key} changed something`).toEqual(before);
    }
    expect(problems).toEqual([]);
  });
});
