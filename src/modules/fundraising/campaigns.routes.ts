// Campaigns API: the current month's campaign for everyone, management for the admin token.
import { z } from 'zod';
import type { ApiRegistry } from '../../platform/http/api.js';
import { idText } from '../../platform/http/input.js';
import type { CampaignsService } from './campaigns.service.js';
import { campaignInput, campaignPatch, campaignSchema } from './campaigns.schemas.js';

const idParams = z.object({ id: idText });

export function registerCampaignRoutes({ api, campaigns }: { api: ApiRegistry<unknown>; campaigns: CampaignsService }) {
  api.add({
    method: 'GET', url: '/api/v1/campaigns/current', tag: 'fundraising', summary: "This month's campaign, or null",
    response: z.object({ campaign: campaignSchema.nullable() }),
    handler: async () => ({ campaign: (await campaigns.current()) ?? null }),
  });
  api.add({
    method: 'GET', url: '/api/v1/admin/campaigns', tag: 'admin', permission: 'campaigns.manage', summary: 'All campaigns, newest month first',
    response: z.object({ campaigns: z.array(campaignSchema) }),
    handler: async () => ({ campaigns: await campaigns.list() }),
  });
  api.add({
    method: 'POST', url: '/api/v1/admin/campaigns', tag: 'admin', permission: 'campaigns.manage', status: 201,
    summary: "Create a month's campaign (amounts in integer minor units of the currency)",
    body: campaignInput, response: z.object({ campaign: campaignSchema }), errors: [409],
    handler: async ({ body }) => ({ campaign: await campaigns.create(body) }),
  });
  api.add({
    method: 'PATCH', url: '/api/v1/admin/campaigns/:id', tag: 'admin', permission: 'campaigns.manage',
    summary: 'Change the goal, currency or amount raised of a campaign',
    params: idParams, body: campaignPatch, response: z.object({ campaign: campaignSchema }), errors: [404],
    handler: async ({ params, body }) => ({ campaign: await campaigns.update(params.id, body) }),
  });
}
