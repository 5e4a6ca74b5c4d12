// Typed JSON API routes declared with zod schemas. The schemas validate requests at the boundary,
// act as allow-lists for responses (unknown keys are stripped: no private field can leak), and are
// the single source of the OpenAPI document served at /api/v1/openapi.json.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, fromZodError } from './errors.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface ApiRoute<C, P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType> {
  method: Method;
  url: string; // fastify syntax: /api/v1/articles/:slug
  summary: string;
  tag: string;
  /** Permission the caller needs (session, API token or the bootstrap admin token). */
  permission?: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Non-JSON request bodies (multipart uploads) are described here and parsed by the handler. */
  rawBody?: { contentType: string; schema: Record<string, unknown> };
  status?: number;
  /** Largest accepted request body in bytes, when the app-wide 64 KiB is too small (article bodies). */
  bodyLimit?: number;
  response: R;
  /**
   * A streamed answer (Server-Sent Events): the handler takes the reply over (`reply.hijack()`) and writes it
   * itself; `response` then describes nothing sent and the document names this content type and description.
   */
  stream?: { contentType: string; description: string };
  errors?: number[];
  handler: (
    input: { params: z.output<P>; query: z.output<Q>; body: z.output<B>; req: FastifyRequest; reply: FastifyReply; caller: C },
  ) => Promise<z.input<R>>;
}

export interface ApiRegistry<C> {
  add<P extends z.ZodType = z.ZodObject, Q extends z.ZodType = z.ZodObject, B extends z.ZodType = z.ZodUndefined, R extends z.ZodType = z.ZodType>(
    route: ApiRoute<C, P, Q, B, R>,
  ): void;
  /** Every route as declared: method, address and the permission it needs. */
  routes(): readonly { method: string; url: string; permission: string | undefined }[];
  openapi(info: { title: string; version: string; serverUrl: string }): Record<string, unknown>;
}

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});

/**
 * `callerOf` tells who is asking (for every route); with a `permission` it also refuses (401 without
 * credentials, 403 without the permission).
 */
export function createApiRegistry<C>(app: FastifyInstance, callerOf: (req: FastifyRequest, permission: string | undefined) => Promise<C>): ApiRegistry<C> {
  const routes: ApiRoute<C, any, any, any, any>[] = [];
  return {
    routes: () => routes.map((r) => ({ method: r.method, url: r.url, permission: r.permission })),
    add(route) {
      routes.push(route);
      app.route({
        method: route.method,
        url: route.url,
        ...(route.bodyLimit && { bodyLimit: route.bodyLimit }),
        handler: async (req, reply) => {
          const caller = await callerOf(req, route.permission);
          const parse = <T extends z.ZodType | undefined>(schema: T, value: unknown, where: 'body' | 'query' | 'params') => {
            if (!schema) return undefined;
            const r = schema.safeParse(value);
            if (!r.success) throw fromZodError(r.error, where, value);
            return r.data;
          };
          const params = parse(route.params, req.params, 'params');
          const query = parse(route.query, req.query, 'query');
          // JSON only: a cross-site HTML form can send urlencoded bodies without a preflight.
          if (req.body !== undefined && !route.rawBody && !(req.headers['content-type'] ?? '').startsWith('application/json')) {
            throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json');
          }
          // An optional body (z.….optional()) may be left out; a required one may not.
          if (route.body && (req.body === undefined || req.body === null) && !route.body.safeParse(undefined).success) {
            throw new AppError(400, 'INVALID_JSON', 'A JSON request body is required');
          }
          const body = parse(route.body, req.body, 'body');
          const result = await route.handler({ params, query, body, req, reply, caller } as never);
          if (route.stream) return reply;
          reply.code(route.status ?? 200);
          return route.response.parse(result);
        },
      });
    },
    openapi({ title, version, serverUrl }) {
      // Recursive schemas (comment threads) come with local "#/definitions/…" that mean nothing inside an
      // OpenAPI document: they are moved to components.schemas and the references rewritten.
      const hoisted: Record<string, unknown> = {};
      const hoistedNames = new Map<string, string>();
      const toSchema = (s: z.ZodType, io: 'input' | 'output') => {
        const js = z.toJSONSchema(s, { target: 'openapi-3.0', io, unrepresentable: 'any', reused: 'inline' }) as Record<string, unknown>;
        const defs = js.definitions as Record<string, unknown> | undefined;
        if (!defs) return js;
        delete js.definitions;
        const names = new Map<string, string>();
        for (const key of Object.keys(defs)) {
          const identity = `${JSON.stringify(defs)}#${key}`;
          let name = hoistedNames.get(identity);
          if (!name) hoistedNames.set(identity, (name = `Schema${hoistedNames.size + 1}`));
          names.set(key, name);
        }
        const rewrite = (v: unknown): unknown => {
          if (Array.isArray(v)) return v.map(rewrite);
          if (v === null || typeof v !== 'object') return v;
          return Object.fromEntries(Object.entries(v).map(([k, x]) => [k,
            k === '$ref' && typeof x === 'string' && x.startsWith('#/definitions/')
              ? `#/components/schemas/${names.get(x.slice('#/definitions/'.length)) ?? x}` : rewrite(x)]));
        };
        for (const [key, def] of Object.entries(defs)) hoisted[names.get(key)!] = rewrite(def);
        return rewrite(js) as Record<string, unknown>;
      };
      const paths: Record<string, Record<string, unknown>> = {};
      for (const r of routes) {
        const path = r.url.replace(/:(\w+)/g, '{$1}');
        const parameters: unknown[] = [];
        for (const [where, schema] of [['path', r.params], ['query', r.query]] as const) {
          if (!schema) continue;
          const js = toSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
          for (const [name, prop] of Object.entries(js.properties ?? {})) {
            parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: prop });
          }
        }
        const responses: Record<string, unknown> = {
          [String(r.status ?? 200)]: r.stream
            ? { description: r.stream.description, content: { [r.stream.contentType]: { schema: { type: 'string' } } } }
            : { description: 'Success', content: { 'application/json': { schema: toSchema(r.response, 'output') } } },
        };
        for (const status of new Set([400, ...(r.errors ?? []), ...(r.permission ? [401, 403] : [])])) {
          responses[String(status)] = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
        }
        const op: Record<string, unknown> = { summary: r.summary, tags: [r.tag], parameters, responses };
        if (r.permission) {
          op.security = [{ bearerToken: [] }, { session: [] }];
          op.description = `Needs the permission \`${r.permission}\`.`;
        }
        if (r.body) op.requestBody = { required: !r.body.safeParse(undefined).success, content: { 'application/json': { schema: toSchema(r.body, 'input') } } };
        if (r.rawBody) op.requestBody = { required: true, content: { [r.rawBody.contentType]: { schema: r.rawBody.schema } } };
        (paths[path] ??= {})[r.method.toLowerCase()] = op;
      }
      return {
        openapi: '3.0.3',
        info: { title, version },
        servers: [{ url: serverUrl }],
        paths,
        components: {
          schemas: { Error: toSchema(errorSchema, 'output'), ...hoisted },
          securitySchemes: {
            bearerToken: { type: 'http', scheme: 'bearer', description: 'A personal API token (gzt_…) or GAZETTE_ADMIN_TOKEN' },
            session: { type: 'apiKey', in: 'cookie', name: 'gz_session', description: 'Signed-in session; send the CSRF token in x-csrf-token' },
          },
        },
      };
    },
  };
}
