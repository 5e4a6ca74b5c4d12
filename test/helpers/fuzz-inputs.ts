// Malformed request pieces for the fuzz suite (test/fuzz.test.ts), drawn from a seeded generator so that a
// run can be repeated exactly from its seed. Every pool holds what a client may send but the app must refuse
// (or survive): no value here is meant to be a well-formed request on its own.
import { rawMultipart } from './http.js';

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** xorshift32 over a 32-bit seed: small, fast and the same sequence on every machine. */
export function seededRng(seed: number): Rng {
  let x = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 0x1_0000_0000;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: (items) => items[int(items.length)]!, chance: (p) => next() < p };
}

/** Percent-encodes a string as UTF-8 (lone surrogates become U+FFFD, as a browser sends them). */
export const pct = (s: string): string =>
  encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

/** Path or query ids, already URL-encoded: out of the database's range, not numbers, not decimal, broken. */
export const BAD_IDS = [
  '0', '-1', '2147483647', '2147483648', '4294967296', '9007199254740993', '9223372036854775808', '1' + '0'.repeat(30),
  '1e3', '1.5', '-0', '0x10', '0b11', '1_000', 'NaN', 'Infinity', '+5', '%20', '%EF%BC%91', '%D9%A1%D9%A2', 'abc',
  '%00', '1%00', '%F0%9F%98%80', '%E2%82%AC', '%C3%28', '%2e%2e', '~', '%25', 'x'.repeat(3000), '0000999999',
];

/** Text a person could not type in a form but a script can send; plus overlong and odd Unicode. */
export const BAD_TEXT: readonly string[] = [
  '', '   ', 'a\u0000b', '\u0000', '\u0001\u0002\u001b[31m', 'del\u007f', 'two\r\nlines', '\t',
  'é€😀', '\u202egnp.exe', 'zero\u200bwidth', '\ud800', 'x\udfff', 'e\u0301\u0301\u0301', '中文字符', 'ÿþ',
  '<script>alert(1)</script>', "' or 1=1 --", '%00', '%', '{{7*7}}', '../../etc/passwd', '\\\\host\\share',
  'x'.repeat(300), 'y'.repeat(5001), 'z'.repeat(70_000), '2147483648', '-1', '1e309', 'null', '[]',
];

/** Sign-in redirect targets: other hosts, control characters, and characters a Location header cannot carry raw. */
export const BAD_NEXT: readonly string[] = [
  '/articles/€😀', '/中文', '/ü', '/\ud800', '/a b', '/"><script>', '//evil.example', '/\\evil.example', 'https://evil.example/',
  '/\r\nSet-Cookie: x=1', '/\u0000', '/' + 'n'.repeat(3000), '/admin?x=ÿ€', '/%E2%82%AC', '/#€', '',
];

/** Numbers and other JSON values where a string, an id or an enum is expected. */
const BAD_JSON_SCALARS: readonly unknown[] = [
  2147483648, 2147483647, 4294967296, -1, 0, 1.5, 1e308, -1e308, 9007199254740993, true, false, null,
];

function deepArray(depth: number): unknown {
  let v: unknown = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

export function badJsonValue(rng: Rng): unknown {
  switch (rng.int(6)) {
    case 0: case 1: return rng.pick(BAD_TEXT);
    case 2: return rng.pick(BAD_JSON_SCALARS);
    case 3: return rng.pick([[], [2147483648], ['a\u0000'], [null, {}], Array.from({ length: 500 }, (_, i) => -i)]);
    case 4: return rng.pick<unknown>([{}, { a: '\u0000' }, { id: 2147483648 }, { toString: 'x', valueOf: 1 }]);
    default: return deepArray(rng.int(200));
  }
}

/** Field names the app's forms and JSON bodies read, and a few they do not. */
export const FIELDS = [
  'title', 'slug', 'summary', 'bodyMarkdown', 'authorName', 'tags', 'status', 'publishedAt', 'commentsOpen', 'markdown',
  'month', 'goalMinor', 'currency', 'raisedMinor', 'goal', 'raised', 'authorEmail', 'body', 'parentId', 'value', 'reason',
  'note', 'ids', 'ids[]', 'action', 'queue', 'before', 'next', 'email', 'password', 'displayName', 'token', 'comments',
  'siteName', 'siteDescription', 'commentEditWindowMinutes', 'commentsOpenByDefault', 'kind', 'days', 'role', 'scope',
  'name', 'intent', 'updatedAt', 'policy', 'burstPerMinute', 'spamThreshold', 'website', 'renderedAt', 'sort', 'alt',
  '__proto__', 'constructor', 'é', 'a\u0000',
] as const;

export const QUERY_KEYS = [
  'next', 'cursor', 'sort', 'limit', 'before', 'queue', 'q', 'status', 'notice', 'token', 'all', 'replyTo', 'edit',
  'report', 'reported', 'n', 'page', 'id', 'x',
] as const;

const cursorOf = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Comment-list cursors: well-formed base64url around values the database cannot compare, and garbage. */
export const BAD_CURSORS: readonly string[] = [
  cursorOf(['newest', '2026-01-01T00:00:00.000Z', 2147483648]),
  cursorOf(['votes', 2147483648, 1]),
  cursorOf(['votes', -4294967296, 1]),
  cursorOf(['oldest', '2026-01-01T00:00:00.000Z\u0000', 1]),
  cursorOf(['newest', 'Tue Mar 1 2026', 1]),
  cursorOf(['newest', '2026-01-01', 1.5]),
  cursorOf(['votes', 1e300, 5]),
  cursorOf({ sort: 'newest' }),
  '!!!', '%00', 'A'.repeat(199), 'A'.repeat(5000), '',
];

/** A query string of 0–4 odd parameters (repeated ones too), already encoded. */
export function badQuery(rng: Rng): string {
  const parts: string[] = [];
  const n = rng.int(5);
  for (let i = 0; i < n; i++) {
    const key = rng.chance(0.9) ? rng.pick(QUERY_KEYS) : pct(rng.pick(BAD_TEXT).slice(0, 50));
    let value: string;
    if (key === 'next' || rng.chance(0.08)) value = rng.chance(0.1) ? rng.pick(BAD_NEXT) : pct(rng.pick(BAD_NEXT));
    else if (key === 'cursor') value = pct(rng.pick(BAD_CURSORS));
    else if (rng.chance(0.3)) value = rng.pick(BAD_IDS);
    else value = pct(rng.pick(BAD_TEXT).slice(0, 3000));
    parts.push(`${key}=${value}`);
    if (rng.chance(0.15)) parts.push(`${key}=${rng.pick(BAD_IDS)}`); // the same parameter twice
  }
  // The sign-in redirect target, in about a third of all requests (most routes ignore it; /login must not).
  if (rng.chance(0.3)) parts.push(`next=${rng.chance(0.1) ? rng.pick(BAD_NEXT) : pct(rng.pick(BAD_NEXT))}`);
  if (rng.chance(0.05)) parts.push(rng.pick(['&&=&', 'a[b]=c', '%', '=x', 'a=%E0%A4%A', 'q=%FF%FE', ';;', 'x=1&x=2&x=3']));
  return parts.length ? `?${parts.join('&')}` : '';
}

/** A path value for a route parameter: one of `valid` (things that exist) or a malformed one. */
export function pathValue(rng: Rng, valid: readonly string[]): string {
  if (valid.length && rng.chance(0.4)) return pct(rng.pick(valid));
  return rng.chance(0.7) ? rng.pick(BAD_IDS) : pct(rng.pick(BAD_TEXT).slice(0, 4000)) || 'x';
}

// ---- Bodies -----------------------------------------------------------------------------------------

export interface FuzzBody {
  /** What kind of body, for the failure list. */
  kind: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

/** A valid small PNG, one cut off in the middle of its pixel data (the header still reads), and random bytes. */
export interface Images { png: Buffer; truncated: Buffer; garbage: Buffer }

function fields(rng: Rng, csrf: string | undefined): [string, string][] {
  const out: [string, string][] = [];
  const n = 1 + rng.int(5);
  for (let i = 0; i < n; i++) {
    const name = rng.pick(FIELDS);
    out.push([name, rng.chance(0.2) ? rng.pick(BAD_NEXT) : rng.pick(BAD_TEXT)]);
    if (rng.chance(0.1)) out.push([name, rng.pick(BAD_TEXT)]); // repeated field
  }
  if (csrf) out.push(['_csrf', csrf]);
  return out;
}

const urlencoded = (pairs: [string, string][]) => pairs.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&');

/** A request body for a POST/PATCH/DELETE, with its content type (or none), malformed in one way or another. */
export function badBody(rng: Rng, csrf: string | undefined, images: Images, allowHuge: boolean): FuzzBody {
  const json = { 'content-type': 'application/json' };
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const boundary = `----fuzz${rng.int(1e9)}`;
  const mp = { 'content-type': `multipart/form-data; boundary=${boundary}` };
  const choice = rng.int(100);
  if (choice < 8) return { kind: 'none', headers: {} };
  if (choice < 26) {
    const obj: Record<string, unknown> = {};
    for (const [k] of fields(rng, undefined)) obj[k] = badJsonValue(rng);
    if (csrf) obj._csrf = csrf;
    return { kind: 'json object', headers: json, payload: JSON.stringify(obj) };
  }
  if (choice < 34) {
    const v = rng.pick<unknown>([[], [1, 2], [{}], 'a string', 42, -1, 1.5, true, false, null, [csrf ?? 'x']]);
    return { kind: 'json non-object', headers: json, payload: JSON.stringify(v) };
  }
  if (choice < 40) {
    return {
      kind: 'broken json', headers: json,
      payload: rng.pick(['{', '{"a":1,}', "{'a':1}", '\u0000', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '1e999999', '\ufeff{}', '[[[[[[[[',
        '['.repeat(20_000) + ']'.repeat(20_000), '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"x":1}}}', '', ' ']),
    };
  }
  if (choice < 62) {
    let body = urlencoded(fields(rng, csrf));
    if (rng.chance(0.1)) body += rng.pick(['&%', '&a=%ZZ', '&b=%C3%28', '&&&', '&c[]=1&c[]=2', `&d=${'%00'.repeat(10)}`]);
    return { kind: 'form', headers: form, payload: body };
  }
  if (choice < 74) {
    const file = rng.pick([images.png, images.truncated, images.garbage, images.png.subarray(0, 20), Buffer.alloc(0)]);
    const parts: { name: string; filename?: string; type?: string; data: Buffer | string }[] = [
      { name: rng.pick(['file', 'logo', 'image', '']), filename: rng.pick(['a.png', 'é€😀.png', 'a\u0000.png', 'x'.repeat(400), '']), type: rng.pick(['image/png', 'text/plain', 'application/x-what']), data: file },
    ];
    if (rng.chance(0.5)) parts.push({ name: 'alt', data: rng.pick(BAD_TEXT) });
    if (rng.chance(0.15)) parts.push({ name: 'file', filename: 'b.png', type: 'image/png', data: images.png }); // a second file
    if (rng.chance(0.1)) for (let i = 0; i < 7; i++) parts.push({ name: `f${i}`, data: 'x' }); // too many fields
    if (rng.chance(0.2)) parts.unshift({ name: '_csrf', data: csrf ?? 'x' });
    return { kind: 'multipart', headers: mp, payload: rawMultipart(boundary, parts) };
  }
  if (choice < 84) {
    const good = rawMultipart(boundary, [{ name: 'file', filename: 'a.png', type: 'image/png', data: images.png }]);
    const variants: [string, Record<string, string>, Buffer | string][] = [
      ['multipart without boundary', { 'content-type': 'multipart/form-data' }, good],
      ['multipart, wrong boundary', { 'content-type': 'multipart/form-data; boundary=other' }, good],
      ['multipart, truncated', mp, good.subarray(0, Math.max(1, rng.int(good.length)))],
      ['multipart, no end', mp, rawMultipart(boundary, [{ name: 'file', filename: 'a.png', data: images.png }], false)],
      ['multipart, bad part header', mp, `--${boundary}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${boundary}--\r\n`],
      ['multipart, header without end', mp, `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a"`],
      ['multipart, garbage', mp, images.garbage],
      ['multipart, empty', mp, ''],
      ['multipart, boundary only', mp, `--${boundary}--`],
      ['multipart, quoted boundary', { 'content-type': `multipart/form-data; boundary="${boundary}"; charset=utf-16` }, good],
    ];
    const [kind, headers, payload] = rng.pick(variants);
    return { kind, headers, payload };
  }
  if (choice < 86 && allowHuge) {
    const big = Buffer.alloc(16 * 1024 * 1024 + rng.int(1024), 0x61);
    return { kind: 'multipart, oversized file', headers: mp, payload: rawMultipart(boundary, [{ name: rng.pick(['file', 'logo']), filename: 'big.png', type: 'image/png', data: big }]) };
  }
  if (choice < 90) {
    const big = 'x'.repeat(64 * 1024 + 1 + rng.int(2 * 1024 * 1024));
    return rng.chance(0.5)
      ? { kind: 'oversized json', headers: json, payload: JSON.stringify({ bodyMarkdown: big, _csrf: csrf }) }
      : { kind: 'oversized form', headers: form, payload: urlencoded([['body', big], ...(csrf ? [['_csrf', csrf] as [string, string]] : [])]) };
  }
  const types = ['text/plain', 'application/xml', 'application/json; charset=latin1', 'application/x-www-form-urlencoded; charset=utf-16',
    'foo/bar', 'multipart/mixed; boundary=x', 'application/json, text/html', 'application/vnd.api+json', ';', 'image/png'];
  const contentType = rng.pick(types);
  const payload = rng.pick([JSON.stringify({ a: 1, _csrf: csrf }), urlencoded(fields(rng, csrf)), images.png, '\u0000', '']);
  return { kind: `content-type ${contentType}`, headers: { 'content-type': contentType }, payload };
}
