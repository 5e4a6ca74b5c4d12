// The amount raised was typed in by hand before the ledger existed: each campaign's typed amount becomes
// one manual ledger entry of its month, so the derived total starts where the typed one was. The column
// stays (it now holds the ledger's sum, kept by the fundraising module). Frozen once merged.
import type { Kysely } from 'kysely';
import type { DialectName } from '../platform/db/database.js';

export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  const campaigns = await db.selectFrom('campaigns').select(['month', 'raised_minor', 'currency', 'updated_at'])
    .where('raised_minor', '>', 0).execute() as { month: string; raised_minor: number | string; currency: string; updated_at: string }[];
  for (const c of campaigns) {
    await db.insertInto('donations').values({
      method: 'other', provider: null, interval: 'once', amount_minor: Number(c.raised_minor), refunded_minor: 0,
      currency: c.currency, paid: 1, failed: 0, status: 'succeeded', campaign_month: c.month, anonymous: 1,
      note: 'Amount raised as typed in before the donations ledger', paid_at: c.updated_at, created_at: c.updated_at, updated_at: c.updated_at,
    }).execute();
  }
}
