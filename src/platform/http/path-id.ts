// The `:id` of a page's path as a zod params schema. An id that is no row id (not digits, 0, beyond the
// database's range: the rule of idText) names nothing, so it gets the same 404 as an id with no row behind
// it, with the resource's code and message ("MAIL_NOT_FOUND", "Mail not found"), not INVALID_ID.
import { z } from 'zod';
import { parseDbId } from './input.js';

export function pathIdOf(code: string, what: string) {
  return z.object({ id: z.string() }).transform(({ id }, ctx) => {
    const parsed = parseDbId(id);
    if (parsed === undefined) {
      // On the whole params (no field): the message reads as the missing row's, without an "id: " prefix.
      ctx.addIssue({ code: 'custom', message: `${what} not found`, params: { code } });
      return z.NEVER;
    }
    return { id: parsed };
  });
}
