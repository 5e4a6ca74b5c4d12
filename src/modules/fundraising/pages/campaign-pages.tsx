// The campaign admin pages (campaigns.manage), declared in the page registry: the list with this month's
// new-campaign form, and one campaign's edit form. Forms answer 303 to the list, or the page again with
// the error beside its field and what was typed.
import { noticeQuery } from '../../../platform/http/input.js';
import type { FastifyReply } from 'fastify';
import type { Clock } from '../../../platform/clock.js';
import { AppError } from '../../../platform/http/errors.js';
import { pageIdParams } from '../../../platform/http/id-params.js';
import type { PageRegistry } from '../../../platform/http/pages.js';
import type { FrameOf } from '../../../ui/admin/frame.js';
import { noticeFrom, renderDoc, sendHtml } from '../../../ui/admin/render.js';
import { monthOf } from '../../../ui/format.js';
import type { Caller } from '../../accounts/index.js';
import type { Campaign, CampaignsService } from '../campaigns.service.js';
import { CampaignEdit, CampaignList, type CampaignValues } from '../views/CampaignAdmin.js';
import { campaignChangesOf, campaignForm, newCampaignOf } from './campaign-form.js';
import { minorToMajorInput } from '../money-input.js';

export interface CampaignPagesDeps {
  pages: PageRegistry<Caller>;
  frameOf: FrameOf;
  campaigns: CampaignsService;
  clock: Clock;
}

const access = { permission: 'campaigns.manage' };
const campaignParams = pageIdParams('CAMPAIGN_NOT_FOUND', 'Campaign');
const NOTICES = { created: 'Campaign created.', updated: 'Campaign saved.' };

export function registerCampaignPages(deps: CampaignPagesDeps) {
  const { pages, frameOf, campaigns, clock } = deps;

  async function listPage(reply: FastifyReply, caller: Caller, opts: { values?: CampaignValues; error?: AppError; notice?: string } = {}) {
    const list = await campaigns.list();
    const current = monthOf(clock());
    const values = opts.values ?? { month: current, goal: '', currency: list[0]?.currency ?? 'USD' };
    return sendHtml(reply, renderDoc(
      <CampaignList frame={frameOf(caller)} campaigns={list} current={current} values={values} error={opts.error} notice={opts.notice} />,
    ), opts.error?.status);
  }

  function editPage(reply: FastifyReply, caller: Caller, c: Campaign, opts: { values?: CampaignValues; error?: AppError } = {}) {
    const values = opts.values ?? { month: c.month, goal: minorToMajorInput(c.goalMinor, c.currency), currency: c.currency };
    return sendHtml(reply, renderDoc(<CampaignEdit frame={frameOf(caller)} campaign={c} values={values} error={opts.error} />), opts.error?.status);
  }

  async function find(id: number): Promise<Campaign> {
    const c = await campaigns.byId(id);
    if (!c) throw new AppError(404, 'CAMPAIGN_NOT_FOUND', 'Campaign not found');
    return c;
  }

  pages.add({
    method: 'GET', url: '/admin/campaigns', access, query: noticeQuery,
    handler: async ({ reply, caller, query }) => listPage(reply, caller, { notice: noticeFrom(query.notice, NOTICES) }),
  });

  pages.add({
    method: 'POST', url: '/admin/campaigns', access, form: campaignForm,
    handler: async ({ reply, form }) => {
      await campaigns.create(newCampaignOf(form));
      return reply.redirect('/admin/campaigns?notice=created', 303);
    },
    invalid: async ({ reply, caller, typed }, error) => listPage(reply, caller, { values: campaignForm.parse(typed), error }),
  });

  pages.add({
    method: 'GET', url: '/admin/campaigns/:id', access, params: campaignParams,
    handler: async ({ reply, caller, params }) => editPage(reply, caller, await find(params.id)),
  });

  pages.add({
    method: 'POST', url: '/admin/campaigns/:id', access, params: campaignParams, form: campaignForm,
    handler: async ({ reply, params, form }) => {
      await campaigns.update(params.id, campaignChangesOf(form));
      return reply.redirect('/admin/campaigns?notice=updated', 303);
    },
    // The campaign is read again: one that is gone is an error page.
    invalid: async ({ reply, caller, params, typed }, error) => editPage(reply, caller, await find(params.id), { values: campaignForm.parse(typed), error }),
  });
}
