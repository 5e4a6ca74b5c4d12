// What every request must look like before a handler reads it, checked once for every route: ids within the
// database's integer range, text without control characters, a body that is an object. And every redirect's
// Location header made sendable, whatever a handler put in it.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from './errors.js';

/** The largest row id (PostgreSQL `integer`/`serial`; SQLite allows more, but both dialects must agree). */
export const DB_ID_MAX = 2_147_483_647;
/** The database's integer range, for values compared with integer columns (vote scores in cursors). */
export const DB_INT_MIN = -2_147_483_648;

/** A row id from a URL, a query string or a form field: decimal digits only, 1 … DB_ID_MAX; else undefined. */
export function parseDbId(raw: unknown): number | undefined {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^[0-9]{1,10}$/.test(raw) ? Number(raw) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= DB_ID_MAX ? n : undefined;
}

/** A row id in a path or query string (zod): the error code INVALID_ID, a 404 for a path parameter. */
export const idText = z.string().meta({ description: `A row id, 1 to ${DB_ID_MAX}`, pattern: '^[0-9]{1,10}$' }).transform((raw, ctx) => {
  const id = parseDbId(raw);
  if (id === undefined) {
    ctx.addIssue({ code: 'custom', message: `not an id (1 to ${DB_ID_MAX})`, params: { code: 'INVALID_ID' } });
    return z.NEVER;
  }
  return id;
});

/** A row id in a JSON body (zod). */
export const idValue = z.number().int().min(1).max(DB_ID_MAX);

/** A form or query field as typed, never refused here (a missing or repeated one is undefined): checked later. */
export const formText = z.string().optional().catch(undefined);
/** The query of a page that shows a notice after a redirect (`?notice=saved`), looked up in its own messages. */
export const noticeQuery = z.object({ notice: formText });

/**
 * Control characters other than tab, line feed and carriage return: no text field has a use for them, and
 * PostgreSQL cannot store NUL in text at all.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const hasControlCharacters = (s: string) => CONTROL.test(s);

/** The path (a.b.0) of the first string or key with a control character in a parsed value, or undefined. */
export function controlCharacterAt(value: unknown): string | undefined {
  // Iterative: a deeply nested JSON body must not exhaust the stack.
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (CONTROL.test(v)) return path;
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        const at = path ? `${path}.${k}` : k;
        if (CONTROL.test(k)) return at;
        stack.push([child, at]);
      }
    }
  }
  return undefined;
}

export const invalidCharacters = (field: string) =>
  new AppError(400, 'INVALID_CHARACTERS', `${field}: control characters (such as NUL) are not allowed`, field);

/** Percent-encodes what a Location header cannot carry raw: non-ASCII (as UTF-8), controls and spaces. */
export function encodeLocation(url: string): string {
  return url.replace(/[^\x21-\x7e]+/g, (s) => [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}

export function installInputChecks(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    for (const [where, value] of [['params', req.params], ['query', req.query], ['body', req.body]] as const) {
      const at = controlCharacterAt(value);
      if (at !== undefined) throw invalidCharacters(at || where);
    }
    // Fastify parses text/plain into a string; no route reads plain text (a JSON string is an INVALID_BODY).
    if (typeof req.body === 'string' && !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send JSON, form fields or a multipart upload');
    }
    if (req.body !== undefined && (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body))) {
      throw new AppError(400, 'INVALID_BODY', 'The request body must be a JSON object or form fields');
    }
  });
  // A redirect to a path with non-ASCII characters (a sign-in's `next`) would otherwise break the response.
  app.addHook('onSend', async (_req, reply, payload) => {
    const location = reply.getHeader('location');
    if (typeof location === 'string' && /[^\x21-\x7e]/.test(location)) reply.header('location', encodeLocation(location));
    return payload;
  });
}
