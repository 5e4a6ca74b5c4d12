// Monthly donation campaigns: one per month, goal and amount raised in integer minor units. The amount raised
// is never typed in: it is the donations ledger's sum for the month and currency (succeeded payments less
// refunds), stored on the campaign by refreshRaised() in the transaction that changed the ledger, so pages
// read one row and a cached page sees the change at once. A month without a campaign gets one from the last
// month's goal the first time it is asked for.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../platform/db/schema.js';
import { isUniqueViolation, lockKey, type DialectName } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Clock } from '../../platform/clock.js';
import { formatMoney, monthLabel, monthOf } from '../../ui/format.js';
import type { EventBus, UnitOfWork } from '../../platform/events/event-bus.js';
import type { campaignInput, campaignPatch } from './campaigns.schemas.js';
import { allCampaigns, campaignById, campaignOfMonth, insertCampaign, latestCampaignBefore, updateCampaign, type CampaignRow } from './campaigns.repo.js';
import { raisedOf } from './donations.repo.js';
import { campaignSubject } from './campaigns.events.js';
import { createKeptUntilEvent } from '../../platform/events/kept-until-event.js';

export interface Campaign {
  id: number;
  month: string;
  label: string;
  goalMinor: number;
  raisedMinor: number;
  currency: string;
  goalFormatted: string;
  raisedFormatted: string;
  updatedAt: string;
}

function toCampaign(r: CampaignRow): Campaign {
  return {
    id: r.id,
    month: r.month,
    label: monthLabel(r.month),
    goalMinor: r.goal_minor,
    raisedMinor: r.raised_minor,
    currency: r.currency,
    goalFormatted: formatMoney(r.goal_minor, r.currency),
    raisedFormatted: formatMoney(r.raised_minor, r.currency),
    updatedAt: r.updated_at,
  };
}

/** The lock a change to a month's amount raised holds: its sum is read and written by one transaction at a time. */
const monthLock = (month: string) => `campaign-month:${month}`;

export function createCampaignsService(deps: { db: Kysely<Database>; dialect: DialectName; events: EventBus; clock: Clock }) {
  const { db, events, clock } = deps;
  // The month's campaign is on every reader page (the fundraising bar): kept in memory, and so is its absence (a
  // site without fundraising would otherwise read the campaigns table twice for every reader page), until an
  // event about any campaign (every change to one, its payments included, carries the subject
  // "campaign:<month>"; any reaches the kept month, as a month without a campaign starts from the last one's),
  // and read again after 30 s as well (changes made by hand in the database).
  const kept = createKeptUntilEvent<{ month: string; campaign: Campaign | undefined }>({
    events, now: () => clock().getTime(), maxAgeMs: 30_000, maxEntries: 4,
    subjectOf: (k) => campaignSubject(k.month),
    reach: (e) => (e.subject?.startsWith('campaign:') ? 'everything' : 'nothing'),
  });
  const lockMonth = (uow: UnitOfWork, month: string) => lockKey(uow.tx, deps.dialect, monthLock(month));
  const announce = async ({ emit }: UnitOfWork, c: Campaign) =>
    emit('campaign.changed', { campaignId: c.id, month: c.month, goalMinor: c.goalMinor, raisedMinor: c.raisedMinor, currency: c.currency }, campaignSubject(c.month));
  const service = {
    async create(input: z.output<typeof campaignInput>): Promise<Campaign> {
      const now = clock().toISOString();
      try {
        return await events.transaction(async (uow) => {
          await lockMonth(uow, input.month);
          const row = await insertCampaign(uow.tx, {
            month: input.month, goal_minor: input.goalMinor, raised_minor: await raisedOf(uow.tx, input.month, input.currency),
            currency: input.currency, created_at: now, updated_at: now,
          });
          const c = toCampaign(row);
          await announce(uow, c);
          return c;
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError(409, 'CAMPAIGN_EXISTS', `A campaign for ${input.month} already exists`, 'month');
        throw err;
      }
    },
    async update(id: number, patch: z.output<typeof campaignPatch>): Promise<Campaign> {
      return events.transaction(async (uow) => {
        const found = await campaignById(uow.tx, id);
        if (!found) throw notFound('CAMPAIGN_NOT_FOUND', 'Campaign');
        // The month never changes; the currency is read again under the month's lock (another change may have
        // been waiting for it).
        await lockMonth(uow, found.month);
        const currency = patch.currency ?? (await campaignById(uow.tx, id))!.currency;
        const row = (await updateCampaign(uow.tx, id, {
          ...(patch.goalMinor !== undefined && { goal_minor: patch.goalMinor }),
          currency,
          raised_minor: await raisedOf(uow.tx, found.month, currency),
          updated_at: clock().toISOString(),
        }))!;
        const c = toCampaign(row);
        await announce(uow, c);
        return c;
      });
    },
    /**
     * Sets the amount raised of each month's campaign from the ledger, in the caller's transaction (the one
     * that changed the ledger), and announces the campaigns whose amount changed. The month's lock is taken
     * after the ledger was written: a transaction doing the same waits, and then sums this one's rows too.
     */
    async refreshRaised(uow: UnitOfWork, months: Iterable<string>): Promise<void> {
      for (const month of [...new Set(months)].sort()) {
        await lockMonth(uow, month);
        const row = await campaignOfMonth(uow.tx, month);
        if (!row) continue;
        const raised = await raisedOf(uow.tx, month, row.currency);
        if (raised === Number(row.raised_minor)) continue;
        const updated = await updateCampaign(uow.tx, row.id, { raised_minor: raised, updated_at: clock().toISOString() });
        if (updated) await announce(uow, toCampaign(updated));
      }
    },
    async byId(id: number): Promise<Campaign | undefined> {
      const row = await campaignById(db, id);
      return row && toCampaign(row);
    },
    async list(): Promise<Campaign[]> {
      return (await allCampaigns(db)).map(toCampaign);
    },
    /**
     * The campaign of the current month. A new month without one gets the last campaign's goal and currency
     * (an admin changes them on the campaign's page); a site that never had a campaign has none.
     */
    async current(): Promise<Campaign | undefined> {
      const month = monthOf(clock());
      return (await kept.get(month, async () => ({ month, campaign: await readCurrent(month) })))?.campaign;
    },
  };

  /** The month's campaign as current() gives it, read (and made, for a new month) from the database. */
  async function readCurrent(month: string): Promise<Campaign | undefined> {
    const row = await campaignOfMonth(db, month);
    if (row) return toCampaign(row);
    const last = await latestCampaignBefore(db, month);
    if (!last) return undefined;
    try {
      return await service.create({ month, goalMinor: Number(last.goal_minor), currency: last.currency });
    } catch (err) {
      // Another request (or instance) created it first.
      if (err instanceof AppError && err.code === 'CAMPAIGN_EXISTS') {
        const again = await campaignOfMonth(db, month);
        return again && toCampaign(again);
      }
      throw err;
    }
  }
  return service;
}

export type CampaignsService = ReturnType<typeof createCampaignsService>;
