// Monthly donation campaigns: one per month, goal and amount raised in integer minor units.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../platform/db/schema.js';
import { isUniqueViolation } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Clock } from '../../platform/clock.js';
import { formatMoney, monthLabel, monthOf } from '../../ui/format.js';
import type { EventBus, UnitOfWork } from '../../platform/events/event-bus.js';
import type { campaignInput, campaignPatch } from './campaigns.schemas.js';
import { allCampaigns, campaignById, campaignOfMonth, insertCampaign, updateCampaign, type CampaignRow } from './campaigns.repo.js';
import { campaignSubject } from './campaigns.events.js';

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

export function createCampaignsService(deps: { db: Kysely<Database>; events: EventBus; clock: Clock }) {
  const { db, events, clock } = deps;
  const announce = async ({ emit }: UnitOfWork, c: Campaign) =>
    emit('campaign.changed', { campaignId: c.id, month: c.month, goalMinor: c.goalMinor, raisedMinor: c.raisedMinor, currency: c.currency }, campaignSubject(c.month));
  return {
    async create(input: z.output<typeof campaignInput>): Promise<Campaign> {
      const now = clock().toISOString();
      try {
        return await events.transaction(async (uow) => {
          const c = toCampaign(await insertCampaign(uow.tx, {
            month: input.month, goal_minor: input.goalMinor, raised_minor: input.raisedMinor,
            currency: input.currency, created_at: now, updated_at: now,
          }));
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
        const row = await updateCampaign(uow.tx, id, {
          ...(patch.goalMinor !== undefined && { goal_minor: patch.goalMinor }),
          ...(patch.raisedMinor !== undefined && { raised_minor: patch.raisedMinor }),
          ...(patch.currency !== undefined && { currency: patch.currency }),
          updated_at: clock().toISOString(),
        });
        if (!row) throw notFound('CAMPAIGN_NOT_FOUND', 'Campaign');
        const c = toCampaign(row);
        await announce(uow, c);
        return c;
      });
    },
    async byId(id: number): Promise<Campaign | undefined> {
      const row = await campaignById(db, id);
      return row && toCampaign(row);
    },
    async list(): Promise<Campaign[]> {
      return (await allCampaigns(db)).map(toCampaign);
    },
    /** The campaign of the current month, if the newsroom has created one. */
    async current(): Promise<Campaign | undefined> {
      const row = await campaignOfMonth(db, monthOf(clock()));
      return row && toCampaign(row);
    },
  };
}

export type CampaignsService = ReturnType<typeof createCampaignsService>;
