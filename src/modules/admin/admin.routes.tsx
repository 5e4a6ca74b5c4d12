// Helpers of the admin pages that are not declared in the page registry yet (articles, campaigns, settings,
// moderation). Pages on the registry get the form, the ids and the notice parsed by their schemas
// (platform/http/pages.ts) and render with ui/admin; delete this file when the last of those modules moves.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors.js';
import { parseDbId } from '../../platform/http/input.js';
import { typedFields } from '../../platform/http/pages.js';
import { noticeFrom } from '../../ui/admin/render.js';

export { sendHtml } from '../../ui/admin/render.js';
export { TableScroll, Time } from '../../ui/admin/form-parts.js';
/** A form's failure as an AppError to show beside the form; server errors are thrown on. */
export { clientError as formError } from '../../platform/http/errors.js';

/** The string fields of a urlencoded form (a repeated field keeps its last value). */
export const formOf = (req: FastifyRequest): Record<string, string> => typedFields(req.body);

/** The numeric :id of the URL, or a 404 with the given code. */
export function idParam(req: FastifyRequest, code: string, what: string): number {
  const id = parseDbId((req.params as Record<string, string | undefined>).id);
  if (id === undefined) throw new AppError(404, code, `${what} not found`);
  return id;
}

/** A notice after a redirect: `?notice=<code>`, looked up in the page's own messages (no free text). */
export const noticeOf = (req: FastifyRequest, messages: Record<string, string>): string | undefined =>
  noticeFrom((req.query as Record<string, unknown> | undefined)?.notice, messages);
