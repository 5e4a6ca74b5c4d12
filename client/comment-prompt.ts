// The floating invitation to comment (CommentPrompt.tsx): its close button, remembered by this browser, and
// gone for good on an article once the reader has commented there.
const CLOSED_KEY = 'gazette.prompt.closed';
const commentedKey = (slug: string) => `gazette.commented.${slug}`;

const stored = (key: string) => { try { return localStorage.getItem(key); } catch { return null; } };
const store = (key: string) => { try { localStorage.setItem(key, '1'); } catch { /* private mode: this page only */ } };

export function installCommentPrompt(root: Document): void {
  const prompt = root.getElementById('comment-prompt');
  if (!prompt) return;
  const slug = prompt.dataset.slug ?? '';
  if (stored(CLOSED_KEY) || stored(commentedKey(slug))) { prompt.remove(); return; }
  const close = prompt.querySelector<HTMLButtonElement>('.comment-prompt-close');
  if (close) {
    close.hidden = false;
    close.addEventListener('click', () => { store(CLOSED_KEY); prompt.remove(); });
  }
  // Following the link puts the reader in the form, ready to type.
  prompt.querySelector('a')?.addEventListener('click', () => {
    setTimeout(() => root.querySelector<HTMLTextAreaElement>('#comment-form textarea')?.focus(), 0);
  });
}

/** The reader commented on this article: the invitation goes, and does not come back here. */
export function markCommented(root: Document, slug: string): void {
  store(commentedKey(slug));
  root.getElementById('comment-prompt')?.remove();
}
