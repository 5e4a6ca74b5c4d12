// The pages a mail's links open: confirm a subscription, unsubscribe (the one-click link's page), and every
// subscription of an address with its delivery mode. Plain forms; the signed link in the address is the proof.
import type { Mode, SubscriptionView } from '../notifications.service.js';

const Csrf = ({ csrf }: { csrf?: string }) => (csrf ? <input type="hidden" name="_csrf" value={csrf} /> : null);
const scopeText = (scope: 'replies' | 'all') => (scope === 'all' ? 'every new comment' : 'replies to your comments');

export function ConfirmPage(props: { title: string; articleUrl: string; scope: 'replies' | 'all'; confirmed: boolean; manageUrl: string; csrf?: string }) {
  return (
    <section class="notification-page">
      <h1>{props.confirmed ? 'You are subscribed' : 'Confirm your subscription'}</h1>
      {props.confirmed ? (
        <>
          <p>We will e-mail you about {scopeText(props.scope)} on <a href={props.articleUrl}>{props.title}</a>.</p>
          <p>Every mail has a link to stop them. <a href={props.manageUrl}>All your subscriptions</a></p>
        </>
      ) : (
        <form method="post" class="stacked-form">
          <Csrf csrf={props.csrf} />
          <p>E-mail me about {scopeText(props.scope)} on <a href={props.articleUrl}>{props.title}</a>.</p>
          <button type="submit" class="button primary">Confirm</button>
        </form>
      )}
    </section>
  );
}

export function UnsubscribePage(props: { title?: string; articleUrl?: string; done: boolean; manageUrl?: string; csrf?: string }) {
  const about = props.title && props.articleUrl ? <a href={props.articleUrl}>{props.title}</a> : 'this discussion';
  return (
    <section class="notification-page">
      <h1>{props.done ? 'Unsubscribed' : 'Unsubscribe'}</h1>
      {props.done ? (
        <p>You will get no more mail about {about}.{props.manageUrl && <> <a href={props.manageUrl}>All your subscriptions</a></>}</p>
      ) : (
        <form method="post" class="stacked-form">
          <Csrf csrf={props.csrf} />
          <p>Stop e-mail about new comments on {about}?</p>
          <button type="submit" class="button primary">Unsubscribe</button>
        </form>
      )}
    </section>
  );
}

export function ManagePage(props: { email: string; mode: Mode; subscriptions: SubscriptionView[]; token: string; notice?: string; csrf?: string }) {
  const base = `/notifications/manage/${props.token}`;
  return (
    <section class="notification-page">
      <h1>Your subscriptions</h1>
      <p>Discussions that <strong>{props.email}</strong> follows.</p>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      {props.subscriptions.length === 0 ? <p>None: this address gets no mail about discussions.</p> : (
        <ul class="subscription-list">
          {props.subscriptions.map((s) => (
            <li key={s.id}>
              <a href={s.url}>{s.title}</a> — {scopeText(s.scope)}{s.confirmed ? '' : ' (waiting for your confirmation: see the mail we sent)'}
              <form method="post" action={new URL(s.unsubscribeUrl).pathname} class="inline-form">
                <Csrf csrf={props.csrf} />
                <input type="hidden" name="back" value="manage" />
                <button type="submit" class="button link" aria-label={`Unsubscribe from ${s.title}`}>Unsubscribe</button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={`${base}/mode`} class="stacked-form">
        <Csrf csrf={props.csrf} />
        <fieldset>
          <legend>How often</legend>
          <label><input type="radio" name="mode" value="immediate" checked={props.mode === 'immediate'} /> As comments arrive (at most one mail per discussion every few minutes)</label>
          <label><input type="radio" name="mode" value="daily" checked={props.mode === 'daily'} /> One daily digest</label>
        </fieldset>
        <button type="submit" class="button">Save</button>
      </form>
      {props.subscriptions.length > 0 && (
        <form method="post" action={`${base}/unsubscribe`} class="stacked-form">
          <Csrf csrf={props.csrf} />
          <input type="hidden" name="back" value="manage" />
          <button type="submit" class="button">Unsubscribe from everything</button>
        </form>
      )}
    </section>
  );
}
