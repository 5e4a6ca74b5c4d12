// A page's `:id` as a zod params schema: a row id, or a 404 under the resource's own code and message
// ("CAMPAIGN_NOT_FOUND", "Campaign not found"), the same answer as for an id that names nothing.
import { z } from 'zod';
import { parseDbId } from './input.js';

export function pageIdParams(code: string, what: string) {
  return z.object({ id: z.string() }).transform(({ id }, ctx) => {
    const parsed = parseDbId(id);
    if (parsed === undefined) {
      ctx.addIssue({ code: 'custom', message: `${what} not found`, params: { code } });
      return z.NEVER;
    }
    return { id: parsed };
  });
}
