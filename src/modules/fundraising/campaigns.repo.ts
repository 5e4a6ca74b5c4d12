// Rows of monthly campaigns; every write to the campaigns table is here.
import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { CampaignsTable, Database } from '../../platform/db/schema.js';

type DB = Kysely<Database> | Transaction<Database>;
export type CampaignRow = Selectable<CampaignsTable>;

export const insertCampaign = (db: DB, row: Insertable<CampaignsTable>) =>
  db.insertInto('campaigns').values(row).returningAll().executeTakeFirstOrThrow();

export const updateCampaign = (db: DB, id: number, patch: Updateable<CampaignsTable>) =>
  db.updateTable('campaigns').set(patch).where('id', '=', id).returningAll().executeTakeFirst();

export const campaignById = (db: DB, id: number) => db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();

export const allCampaigns = (db: DB) => db.selectFrom('campaigns').selectAll().orderBy('month', 'desc').execute();

export const campaignOfMonth = (db: DB, month: string) => db.selectFrom('campaigns').selectAll().where('month', '=', month).executeTakeFirst();

/** The newest campaign of a month before `month` (a new month's campaign starts from its goal). */
export const latestCampaignBefore = (db: DB, month: string) =>
  db.selectFrom('campaigns').selectAll().where('month', '<', month).orderBy('month', 'desc').limit(1).executeTakeFirst();
