// The newsroom admin's front page (admin.access): a greeting, the sections the caller may open, and
// counts at a glance. The counts come from the modules that own the tables, handed in as functions.
import type { Clock } from '../../platform/clock.js';
import type { PageRegistry } from '../../platform/http/pages.js';
import { AdminLayout } from '../../ui/admin/AdminLayout.js';
import type { FrameOf } from '../../ui/admin/frame.js';
import { renderDoc, sendHtml } from '../../ui/admin/render.js';
import { can, type Caller } from '../accounts/index.js';

export interface ArticleCounts { published: number; scheduled: number; review: number; draft: number }
export interface CampaignAtAGlance { label: string; goalMinor: number; raisedMinor: number; goalFormatted: string; raisedFormatted: string }

export interface DashboardDeps {
  pages: PageRegistry<Caller>;
  frameOf: FrameOf;
  clock: Clock;
  /** Articles published, scheduled, in review and drafts at a moment. */
  articleCounts: (now: Date) => Promise<ArticleCounts>;
  /** Published comments written since an ISO time. */
  commentsSince: (since: string) => Promise<number>;
  /** This month's campaign, if the newsroom has created one. */
  currentCampaign: () => Promise<CampaignAtAGlance | undefined>;
  /** Mails waiting and mails given up on (shown to those who may read the outbox). */
  mailCounts: () => Promise<{ pending: number; failed: number }>;
  /** Comments waiting for a moderator: held, and with open reports (shown to those who may moderate). */
  waitingComments: () => Promise<{ pending: number; reported: number }>;
}

const DAY_MS = 24 * 3600_000;

function CampaignProgress({ campaign, canCreate }: { campaign: CampaignAtAGlance | undefined; canCreate: boolean }) {
  if (!campaign) return <>No campaign for this month yet.{canCreate && <> <a href="/admin/campaigns">Create it</a>.</>}</>;
  const pct = Math.round((campaign.raisedMinor / campaign.goalMinor) * 100);
  return (
    <>
      {campaign.raisedFormatted} raised of {campaign.goalFormatted} ({pct} %) for {campaign.label}{' '}
      <progress max={campaign.goalMinor} value={Math.min(campaign.raisedMinor, campaign.goalMinor)}>{pct} %</progress>
    </>
  );
}

export function registerDashboard(deps: DashboardDeps) {
  deps.pages.add({
    method: 'GET', url: '/admin', access: { permission: 'admin.access' },
    handler: async ({ reply, caller }) => {
      const now = deps.clock();
      const [articles, comments, campaign, mail, waiting] = await Promise.all([
        deps.articleCounts(now),
        deps.commentsSince(new Date(now.getTime() - DAY_MS).toISOString()),
        deps.currentCampaign(),
        can(caller, 'outbox.read') ? deps.mailCounts() : undefined,
        can(caller, 'comments.moderate') ? deps.waitingComments() : undefined,
      ]);
      const frame = deps.frameOf(caller);
      const links = frame.nav.filter((n) => n.description !== undefined);

      return sendHtml(reply, renderDoc(
        <AdminLayout frame={frame} title="Dashboard" current="/admin">
          <p class="greeting">Hello, {caller.name}. You are signed in as <strong>{caller.role}</strong>.</p>
          {links.length > 0 && (
            <nav aria-label="Sections">
              <ul class="admin-sections">
                {links.map((l) => <li key={l.href}><a href={l.href}>{l.label}</a> — {l.description}</li>)}
              </ul>
            </nav>
          )}
          <h2>At a glance</h2>
          <dl class="admin-counts">
            <dt>Articles</dt>
            <dd data-count="articles">
              <span data-status="published">{articles.published} published</span>, <span data-status="scheduled">{articles.scheduled} scheduled</span>,{' '}
              <span data-status="review">{articles.review} in review</span>, <span data-status="draft">{articles.draft} drafts</span>
            </dd>
            <dt>Comments in the last 24 hours</dt>
            <dd data-count="comments-24h">{comments}</dd>
            {waiting && (
              <>
                <dt>Comments waiting for a moderator</dt>
                <dd data-count="moderation">
                  <a href="/admin/moderation?queue=pending"><span data-status="pending">{waiting.pending} held</span></a>,{' '}
                  <a href="/admin/moderation?queue=reported"><span data-status="reported">{waiting.reported} reported</span></a>
                </dd>
              </>
            )}
            <dt>This month's campaign</dt>
            <dd data-count="campaign"><CampaignProgress campaign={campaign} canCreate={can(caller, 'campaigns.manage')} /></dd>
            {mail && (
              <>
                <dt>Outbox</dt>
                <dd data-count="outbox">
                  <a href="/admin/outbox"><span data-status="pending">{mail.pending} pending</span>, <span data-status="failed">{mail.failed} failed</span></a>
                </dd>
              </>
            )}
          </dl>
        </AdminLayout>,
      ));
    },
  });
}
