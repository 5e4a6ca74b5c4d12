import { describe, expect, it } from 'vitest';
import { fromZodError } from './errors.js';
import { DB_ID_MAX } from './input.js';
import { pageIdParams } from './id-params.js';

describe('pageIdParams', () => {
  const params = pageIdParams('MAIL_NOT_FOUND', 'Mail');

  it('reads a row id', () => {
    expect(params.parse({ id: '12' })).toEqual({ id: 12 });
    expect(params.parse({ id: String(DB_ID_MAX) })).toEqual({ id: DB_ID_MAX });
  });

  it("answers an id that is no row id like a missing row: 404 with the resource's code and message", () => {
    for (const id of ['abc', '0', '-1', '1.5', String(DB_ID_MAX + 1), '00000000001234']) {
      const r = params.safeParse({ id });
      expect(r.success, id).toBe(false);
      const err = fromZodError(r.error!, 'params', { id });
      expect({ status: err.status, code: err.code, message: err.message, field: err.field }, id)
        .toEqual({ status: 404, code: 'MAIL_NOT_FOUND', message: 'Mail not found', field: undefined });
    }
  });
});
