// The amounts raised that admins typed in before the ledger existed become manual ledger entries, so each
// campaign's derived total is what it showed before; on every dialect this machine has.
import { afterAll, describe, expect, it } from 'vitest';
import { dialects, freshDatabase } from '../../test/helpers/test-app.js';
import { createDb } from '../platform/db/database.js';
import { migrateToLatest, migrateUpTo } from './index.js';

describe.each(dialects())('typed amounts raised into the ledger on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

  it('turns each typed amount into one manual entry of its month and currency, and nothing for zero', async () => {
    const fresh = await freshDatabase(dialect);
    cleanups.push(fresh.drop);
    const db = createDb(fresh.url);
    cleanups.push(() => db.close());
    await migrateUpTo(db, '2026-12-01-0006-campaign-amounts-bigint');
    const at = '2026-02-27T09:30:00.000Z';
    await db.db.insertInto('campaigns').values([
      { month: '2026-02', goal_minor: 500_000, raised_minor: 123_456, currency: 'EUR', created_at: at, updated_at: at },
      { month: '2026-03', goal_minor: 500_000, raised_minor: 0, currency: 'USD', created_at: at, updated_at: at },
      { month: '2027-12', goal_minor: 10_000_000_000, raised_minor: 3_000_000_000, currency: 'IDR', created_at: at, updated_at: at },
    ]).execute();

    expect(await migrateToLatest(db)).toContain('2026-12-01-0008-raised-into-ledger');
    const rows = await db.db.selectFrom('donations').selectAll().orderBy('campaign_month').execute();
    expect(rows.map((r) => [r.campaign_month, Number(r.amount_minor), r.currency, r.status, r.method])).toEqual([
      ['2026-02', 123_456, 'EUR', 'succeeded', 'other'],
      ['2027-12', 3_000_000_000, 'IDR', 'succeeded', 'other'],
    ]);
    expect(rows[0]!.note).toBe('Amount raised as typed in before the donations ledger');
    // Kept out of the public list of supporters.
    expect(rows.every((r) => r.anonymous === 1 && r.donor_name === null)).toBe(true);
    // The campaigns keep their amounts.
    const campaigns = await db.db.selectFrom('campaigns').select(['month', 'raised_minor']).orderBy('month').execute();
    expect(campaigns.map((c) => Number(c.raised_minor))).toEqual([123_456, 0, 3_000_000_000]);
  });
});
