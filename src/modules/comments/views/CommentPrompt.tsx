// The floating invitation to comment ("Would love your thoughts, please comment.", set in the settings) with
// the number of comments, leading to the comment form. Its close button works with JavaScript
// (client/comment-prompt.ts): closing is remembered by the reader's browser, and the bubble does not come
// back once they have commented on the article. Without JavaScript it is a link to the form.
export function CommentPrompt({ text, total, slug }: { text: string; total: number; slug: string }) {
  return (
    <aside class="comment-prompt" id="comment-prompt" aria-label="Invitation to comment" data-slug={slug}>
      <a class="comment-prompt-link" href="#comment-form">
        <span class="comment-prompt-text">{text}</span>{' '}
        <span class="comment-prompt-count" title={`${total} ${total === 1 ? 'comment' : 'comments'}`}>
          {total}<span class="visually-hidden"> {total === 1 ? 'comment' : 'comments'}</span>
        </span>
      </a>
      <button type="button" class="comment-prompt-close" aria-label="Close the invitation to comment" hidden>×</button>
    </aside>
  );
}
