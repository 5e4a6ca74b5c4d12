// Monthly donation campaigns: one per month, goal and amount raised in integer minor units.
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import type { CampaignsTable, Database } from '../../platform/db/schema.js';
import { isUniqueViolation } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Clock } from '../../platform/clock.js';
import { formatMoney, monthLabel, monthOf } from '../../ui/format.js';
import type { campaignInput, campaignPatch } from './campaigns.schemas.js';

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

function toCampaign(r: Selectable<CampaignsTable>): Campaign {
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

export function createCampaignsService(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps;
  return {
    async create(input: z.output<typeof campaignInput>): Promise<Campaign> {
      const now = clock().toISOString();
      try {
        const row = await db.insertInto('campaigns').values({
          month: input.month, goal_minor: input.goalMinor, raised_minor: input.raisedMinor,
          currency: input.currency, created_at: now, updated_at: now,
        }).returningAll().executeTakeFirstOrThrow();
        return toCampaign(row);
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError(409, 'CAMPAIGN_EXISTS', `A campaign for ${input.month} already exists`, 'month');
        throw err;
      }
    },
    async update(id: number, patch: z.output<typeof campaignPatch>): Promise<Campaign> {
      const row = await db.updateTable('campaigns').set({
        ...(patch.goalMinor !== undefined && { goal_minor: patch.goalMinor }),
        ...(patch.raisedMinor !== undefined && { raised_minor: patch.raisedMinor }),
        ...(patch.currency !== undefined && { currency: patch.currency }),
        updated_at: clock().toISOString(),
      }).where('id', '=', id).returningAll().executeTakeFirst();
      if (!row) throw notFound('CAMPAIGN_NOT_FOUND', 'Campaign');
      return toCampaign(row);
    },
    async list(): Promise<Campaign[]> {
      return (await db.selectFrom('campaigns').selectAll().orderBy('month', 'desc').execute()).map(toCampaign);
    },
    /** The campaign of the current month, if the newsroom has created one. */
    async current(): Promise<Campaign | undefined> {
      const row = await db.selectFrom('campaigns').selectAll().where('month', '=', monthOf(clock())).executeTakeFirst();
      return row && toCampaign(row);
    },
  };
}

export type CampaignsService = ReturnType<typeof createCampaignsService>;
