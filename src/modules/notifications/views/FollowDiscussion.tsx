// "Follow this discussion" on the article page, for a signed-in reader (who need not comment to follow).
import type { Scope } from '../notifications.service.js';

export interface Following { scope: Scope; confirmed: boolean }

export function FollowDiscussion({ slug, following, csrf }: { slug: string; following: Following | undefined; csrf: string }) {
  const action = `/articles/${encodeURIComponent(slug)}/subscription`;
  return (
    <form id="follow" class="follow-discussion" method="post" action={action}>
      <input type="hidden" name="_csrf" value={csrf} />
      {following ? (
        <>
          <span>
            {following.scope === 'all' ? 'You follow this discussion: we e-mail you about new comments.' : 'We e-mail you about replies to your comments here.'}
            {!following.confirmed && ' Confirm it from the mail we sent you.'}
          </span>
          {following.scope === 'replies' && <button type="submit" name="scope" value="all" class="button link">Follow every new comment</button>}
          <button type="submit" name="scope" value="none" class="button link">Stop following</button>
        </>
      ) : (
        <button type="submit" name="scope" value="all" class="button">Follow this discussion by e-mail</button>
      )}
      <a href="/account/notifications" class="follow-manage">Your subscriptions</a>
    </form>
  );
}
