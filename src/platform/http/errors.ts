// One error type with a stable code, and the one handler that turns any error into JSON or a page.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const notFound = (code: string, what: string) => new AppError(404, code, `${what} not found`);

/** Maps the first zod issue to an AppError with a stable code and the offending field. */
export function fromZodError(error: z.ZodError, where: 'body' | 'query' | 'params', input: unknown): AppError {
  const issue = error.issues[0];
  if (!issue) return new AppError(400, 'VALIDATION_FAILED', `Invalid ${where}`);
  const field = issue.path.map(String).join('.') || undefined;
  const received = issue.path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), input);
  let code = 'VALIDATION_FAILED';
  switch (issue.code) {
    case 'invalid_type':
      code = received === undefined ? 'REQUIRED' : 'INVALID_TYPE';
      break;
    case 'too_big':
      code = issue.origin === 'string' ? 'TOO_LONG' : 'TOO_LARGE';
      break;
    case 'too_small':
      code = issue.origin === 'string' ? (issue.minimum === 1 ? 'REQUIRED' : 'TOO_SHORT') : 'TOO_SMALL';
      break;
    case 'invalid_format':
      code = 'INVALID_FORMAT';
      break;
    case 'invalid_value':
    case 'invalid_union':
      code = 'INVALID_VALUE';
      break;
    case 'unrecognized_keys':
      code = 'UNKNOWN_FIELD';
      break;
    case 'custom':
      code = (issue.params?.code as string | undefined) ?? 'INVALID_VALUE';
      break;
  }
  const message = field ? `${field}: ${issue.message}` : issue.message;
  return new AppError(where === 'params' && code !== 'REQUIRED' ? 404 : 400, code, message,
    issue.code === 'unrecognized_keys' ? issue.keys[0] : field);
}

// Fastify's own 4xx errors (body parsing, size limits, content types) under stable codes.
const fastifyCodes: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'INVALID_JSON', message: 'The request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'INVALID_JSON', message: 'The request body is empty' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported content type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_REQUEST', message: 'Invalid content length' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Expected multipart/form-data' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'FILE_TOO_LARGE', message: 'The uploaded file is too large' },
  FST_FILES_LIMIT: { status: 413, code: 'TOO_MANY_FILES', message: 'Too many files' },
  FST_PARTS_LIMIT: { status: 413, code: 'TOO_MANY_PARTS', message: 'Too many parts' },
  FST_FIELDS_LIMIT: { status: 413, code: 'TOO_MANY_FIELDS', message: 'Too many form fields' },
  FST_PROTO_VIOLATION: { status: 400, code: 'INVALID_JSON', message: 'A form field holds a forbidden prototype property' },
  // Raised by the router before any route or hook runs (see frameworkErrors in app.ts).
  FST_ERR_BAD_URL: { status: 400, code: 'BAD_URL', message: 'The address is not validly encoded' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'URL_TOO_LONG', message: 'A part of the address is too long' },
};

/**
 * Database errors that are the client's fault: text PostgreSQL cannot store (NUL, invalid UTF-8). The input
 * checks (input.ts) refuse such text before any query; this catches what they might miss. Other data errors
 * (numbers out of range, bad casts) mean a value the app failed to validate: a server bug, left a 500.
 */
const clientDbCodes: Record<string, AppError> = {
  '22021': new AppError(400, 'INVALID_CHARACTERS', 'The text contains characters that cannot be stored'),
  '22P05': new AppError(400, 'INVALID_CHARACTERS', 'The text contains characters that cannot be stored'),
};

/** True for a PostgreSQL error caused by the client's text (see clientDbCodes). */
export const isClientDbError = (err: unknown): boolean => {
  const e = err as { code?: unknown; severity?: unknown } | null;
  return typeof e?.code === 'string' && typeof e.severity === 'string' && Object.hasOwn(clientDbCodes, e.code);
};

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError;
  const known = fe?.code ? fastifyCodes[fe.code] : undefined;
  if (known) return new AppError(known.status, known.code, known.message);
  if (isClientDbError(err)) return clientDbCodes[fe.code!]!;
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    if (err instanceof SyntaxError) return new AppError(400, 'INVALID_JSON', 'The request body is not valid JSON');
    return new AppError(fe.statusCode, 'BAD_REQUEST', fe.message);
  }
  return new AppError(500, 'INTERNAL', 'Something went wrong on our side');
}

export type ErrorPageRenderer = (req: FastifyRequest, err: AppError) => string;

type Send = (req: FastifyRequest, reply: FastifyReply, err: AppError) => unknown;
const senders = new WeakMap<FastifyInstance, Send>();

/**
 * Fastify's `frameworkErrors` option: the router's own refusals (a badly encoded URL, an overlong parameter),
 * which bypass the error handler, answered like every other error.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const appErr = toAppError(err);
  const send = senders.get(req.server);
  if (send) return send(req, reply, appErr);
  return reply.code(appErr.status).send({ error: { code: appErr.code, message: appErr.message } });
}

export function installErrorHandler(app: FastifyInstance, renderPage: ErrorPageRenderer): void {
  const send = (req: FastifyRequest, reply: FastifyReply, err: AppError) => {
    const wantsHtml = !req.url.startsWith('/api/') && req.headers.accept?.includes('text/html');
    // A browser asking for a page it must sign in for is sent to the sign-in page, and back afterwards.
    if (wantsHtml && err.status === 401 && req.method === 'GET') {
      return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
    }
    reply.code(err.status);
    if (wantsHtml) return reply.type('text/html; charset=utf-8').send(renderPage(req, err));
    const error: Record<string, string> = { code: err.code, message: err.message };
    if (err.field) error.field = err.field;
    return reply.send({ error });
  };
  senders.set(app, send);
  app.setErrorHandler((err, req, reply) => {
    const appErr = toAppError(err);
    if (appErr.status >= 500) req.log.error({ err }, 'request failed');
    else if (isClientDbError(err)) req.log.warn({ err }, 'the database refused the client\'s text');
    return send(req, reply, appErr);
  });
  app.setNotFoundHandler((req, reply) => send(req, reply, new AppError(404, 'NOT_FOUND', `No route for ${req.method} ${req.url.split('?')[0]}`)));
}
