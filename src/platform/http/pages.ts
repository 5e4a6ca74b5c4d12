// HTML pages and form posts declared like the JSON API (api.ts): method, address, who may use it, zod
// schemas for the path, the query and the form, and the handler. The registry does the rest, the same way
// for every page: the access check (a browser that must sign in is sent to the sign-in page), parsing (a
// bad id in the path is a 404; a bad form goes to the route's `invalid`, which shows the form again with
// the error and what was typed), and no caching of pages that are not public. CSRF tokens are checked for
// every post made with a session before any of this (accounts/auth.ts). The declarations are listed by
// routes(), so a test can check every page's access without a list of its own.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError, fromZodError } from './errors.js';

/** Anyone; anyone signed in with a session; or a permission (by name, see accounts/permissions.ts). */
export type Access = 'public' | 'signed-in' | { permission: string };

export interface PageInput<C, P, Q> {
  req: FastifyRequest;
  reply: FastifyReply;
  /** Who is asking, as the access check found them. */
  caller: C;
  params: P;
  query: Q;
}

/** A form's fields exactly as sent (the last value of a repeated field), for showing them again. */
export type Typed = Record<string, string>;

export interface PageRoute<C, P, Q, F> {
  method: 'GET' | 'POST';
  url: string;
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  /** The form's fields (POST): parsed before the handler runs; a failure goes to `invalid`. */
  form?: z.ZodType<F>;
  /** Largest accepted body in bytes, when the app-wide limit is too small (article forms). */
  bodyLimit?: number;
  handler: (input: PageInput<C, P, Q> & { form: F; typed: Typed }) => Promise<unknown>;
  /** A 4xx from the form or the handler, answered with the form again; without it, the error page. */
  invalid?: (input: PageInput<C, P, Q> & { typed: Typed }, error: AppError) => Promise<unknown>;
}

export interface PageRegistry<C> {
  add<P = Record<string, never>, Q = Record<string, never>, F = Record<string, never>>(route: PageRoute<C, P, Q, F>): void;
  routes(): readonly { method: string; url: string; access: Access }[];
}

export interface PageRegistryOptions<C> {
  /** The caller, checked against the access (throws 401 or 403). */
  authorize: (req: FastifyRequest, access: Access) => Promise<C>;
}

export function typedFields(body: unknown): Typed {
  const out: Typed = {};
  if (typeof body !== 'object' || body === null) return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v) && typeof v[v.length - 1] === 'string') out[k] = v[v.length - 1] as string;
  }
  return out;
}

/** Parses a form; its first problem is an error for people: the message is shown beside the field it names. */
export function parseForm<F>(schema: z.ZodType<F> | undefined, body: unknown): F {
  if (!schema) return {} as F;
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  const e = fromZodError(r.error, 'body', body);
  throw new AppError(400, e.code, r.error.issues[0]?.message ?? e.message, e.field);
}

export function createPageRegistry<C>(app: FastifyInstance, opts: PageRegistryOptions<C>): PageRegistry<C> {
  const declared: { method: string; url: string; access: Access }[] = [];
  return {
    add(route) {
      declared.push({ method: route.method, url: route.url, access: route.access });
      app.route({
        method: route.method,
        url: route.url,
        ...(route.bodyLimit && { bodyLimit: route.bodyLimit }),
        handler: async (req, reply) => {
          const caller = await opts.authorize(req, route.access);
          if (route.access !== 'public') reply.header('cache-control', 'no-store');
          const parse = <T>(schema: z.ZodType<T> | undefined, value: unknown, where: 'params' | 'query' | 'body') => {
            if (!schema) return {} as T;
            const r = schema.safeParse(value ?? {});
            if (!r.success) throw fromZodError(r.error, where, value);
            return r.data;
          };
          const params = parse(route.params, req.params, 'params');
          const query = parse(route.query, req.query, 'query');
          const typed = typedFields(req.body);
          const input = { req, reply, caller, params, query, typed };
          try {
            const form = parseForm(route.form, req.body);
            return await route.handler({ ...input, form });
          } catch (err) {
            if (!route.invalid || !(err instanceof AppError) || err.status >= 500) throw err;
            return route.invalid(input, err);
          }
        },
      });
    },
    routes: () => declared,
  };
}
