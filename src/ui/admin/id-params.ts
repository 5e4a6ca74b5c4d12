// The `:id` of an admin page's address: a value that can be no row id is answered like an id that names
// nothing, a 404 with the resource's own code (COMMENT_NOT_FOUND, BAN_NOT_FOUND…), not a generic one.
import { z } from 'zod';
import { parseDbId } from '../../platform/http/input.js';

/** Params `{ id }` for a resource: e.g. idParamsOf('BAN_NOT_FOUND', 'Ban'). */
export const idParamsOf = (code: string, what: string) => z.object({
  id: z.string().transform((raw, ctx) => {
    const id = parseDbId(raw);
    if (id !== undefined) return id;
    ctx.addIssue({ code: 'custom', message: `${what} not found`, params: { code } });
    return z.NEVER;
  }),
});
