// The mails of the notifications module, as plain text and HTML (rendered by Preact, so every comment's text
// is escaped), with the List-Unsubscribe headers of RFC 2369 and RFC 8058 on every notification.
import { render } from 'preact-render-to-string';
import type { MailMessage } from '../../platform/mail/mailer.js';
import type { MailComment } from '../comments/index.js';

export type Reason = 'reply' | 'mention' | 'all';
export interface MailedComment extends MailComment { reason: Reason; url: string }
export interface ArticleSection { title: string; url: string; comments: MailedComment[] }

export interface Links {
  /** POST here unsubscribes in one click (RFC 8058); GET shows a page with the button. */
  unsubscribe: string;
  /** Every subscription of this address. */
  manage: string;
  /** A mailbox that unsubscribes, when the site has one. */
  mailto?: string;
}

const said = (c: MailedComment) => (c.reason === 'reply' ? `${c.authorName} replied to your comment` : c.reason === 'mention' ? `${c.authorName} mentioned you` : `${c.authorName} wrote`);

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The subject line: the one comment's kind, or how many there are. */
function subjectOf(siteName: string, sections: ArticleSection[], digest: boolean): string {
  const all = sections.flatMap((s) => s.comments);
  if (digest) return `${siteName}: ${count(all.length, 'new comment', 'new comments')} on ${count(sections.length, 'article', 'articles')} you follow`;
  const title = sections[0]!.title;
  if (all.length === 1) {
    const c = all[0]!;
    return c.reason === 'reply' ? `${c.authorName} replied to you on “${title}”` : c.reason === 'mention' ? `${c.authorName} mentioned you on “${title}”` : `New comment on “${title}”`;
  }
  return `${all.length} new comments on “${title}”`;
}

function listHeaders(links: Links): Record<string, string> {
  return {
    'List-Unsubscribe': [`<${links.unsubscribe}>`, ...(links.mailto ? [`<mailto:${links.mailto}?subject=unsubscribe>`] : [])].join(', '),
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

function textOf(intro: string, sections: ArticleSection[], links: Links, why: string): string {
  const parts = [intro, ''];
  for (const s of sections) {
    parts.push(`== ${s.title} ==`, s.url, '');
    for (const c of s.comments) {
      parts.push(`${said(c)}:`, ...c.body.split('\n').map((l) => `  ${l}`), `Read and reply: ${c.url}`, '');
    }
  }
  parts.push('-- ', why, `Stop these mails: ${links.unsubscribe}`, `All your subscriptions: ${links.manage}`);
  return parts.join('\n');
}

function Html({ intro, sections, links, why }: { intro: string; sections: ArticleSection[]; links: Links; why: string }) {
  return (
    <html lang="en">
      <body style="font-family: Georgia, serif; line-height: 1.5; color: #1a1a1a; max-width: 40em;">
        <p>{intro}</p>
        {sections.map((s) => (
          <section>
            <h2 style="font-size: 1.2em;"><a href={s.url}>{s.title}</a></h2>
            {s.comments.map((c) => (
              <div style="margin: 0 0 1.2em;">
                <p style="margin: 0; color: #555;">{said(c)}:</p>
                <blockquote style="margin: 0.3em 0; padding-left: 0.8em; border-left: 3px solid #ccc;">
                  {c.body.split(/\n{2,}/).map((para) => <p style="margin: 0 0 0.5em; white-space: pre-wrap;">{para}</p>)}
                </blockquote>
                <a href={c.url}>Read and reply</a>
              </div>
            ))}
          </section>
        ))}
        <hr />
        <p style="font-size: 0.85em; color: #555;">
          {why} <a href={links.unsubscribe}>Stop these mails</a> · <a href={links.manage}>All your subscriptions</a>
        </p>
      </body>
    </html>
  );
}

/** A notification: new comments on one article (immediate), or on several (the daily digest). */
export function notificationMail(to: string, siteName: string, sections: ArticleSection[], links: Links, digest: boolean): MailMessage {
  const intro = digest ? `New comments on the discussions you follow at ${siteName}:` : `New on a discussion you follow at ${siteName}:`;
  const why = digest
    ? `You get this daily digest because you asked to follow these discussions.`
    : `You get this because you asked to follow this discussion.`;
  return {
    to, subject: subjectOf(siteName, sections, digest),
    text: textOf(intro, sections, links, why),
    html: `<!doctype html>${render(<Html intro={intro} sections={sections} links={links} why={why} />)}`,
    headers: listHeaders(links),
  };
}

/** The double opt-in: nothing is sent to a guest's address until its owner follows this link. */
export function confirmationMail(to: string, siteName: string, article: { title: string }, scope: 'replies' | 'all', confirmUrl: string): MailMessage {
  const what = scope === 'all' ? 'every new comment' : 'replies to your comments';
  const lines = [
    `Someone (we hope you) asked ${siteName} to e-mail this address about ${what} on “${article.title}”.`,
    '',
    `To confirm, open this link and press the button: ${confirmUrl}`,
    '',
    'If it was not you, ignore this mail: you will get nothing more from this discussion.',
  ];
  return {
    to, subject: `Confirm: e-mail about comments on “${article.title}”`,
    text: lines.join('\n'),
    html: `<!doctype html>${render(
      <html lang="en"><body style="font-family: Georgia, serif; line-height: 1.5;">
        <p>{lines[0]}</p>
        <p><a href={confirmUrl}>Confirm the subscription</a></p>
        <p style="color: #555;">{lines[4]}</p>
      </body></html>,
    )}`,
  };
}
