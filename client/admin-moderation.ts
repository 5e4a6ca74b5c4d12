// Keyboard shortcuts for the moderation queue (/admin/moderation). Progressive enhancement: every shortcut
// presses a button or follows a link the server-rendered page already has, so nothing here talks to an API.
//   j / k  next / previous comment       a approve   s spam   n not spam   r reject
//   e      edit                          x select (for the bulk buttons)   ?  help   Esc  close help
// It also shows the "select all on this page" box of the bulk bar, which ticks or clears every comment's box
// (and shows "some" when only part of them are ticked).

const TEXT_INPUT = /^(TEXTAREA|SELECT)$/;
const NON_TEXT_INPUT = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || TEXT_INPUT.test(target.tagName)) return true;
  return target instanceof HTMLInputElement && !NON_TEXT_INPUT.has(target.type);
}

export function mountModeration(doc: Document): void {
  const root = doc.querySelector<HTMLElement>('[data-moderation-queue]');
  if (!root) return;
  const help = doc.getElementById('mod-help');
  const items = () => Array.from(root.querySelectorAll<HTMLElement>('.mod-item'));
  let current = -1;

  function select(index: number, focus = true) {
    const list = items();
    if (list.length === 0) return;
    const next = Math.max(0, Math.min(list.length - 1, index));
    const old = list[current];
    if (old) { old.classList.remove('is-current'); old.removeAttribute('aria-current'); }
    current = next;
    const el = list[current]!;
    el.classList.add('is-current');
    el.setAttribute('aria-current', 'true');
    if (focus) {
      el.focus({ preventScroll: true });
      el.scrollIntoView({ block: 'nearest' });
    }
  }

  // After a decision the server sends the moderator back to the comment that came next (#c-<id>).
  const fromHash = /^#c-(\d+)$/.exec(doc.location.hash);
  if (fromHash) {
    const i = items().findIndex((el) => el.dataset.commentId === fromHash[1]);
    if (i >= 0) select(i);
  }
  // Clicking or tabbing into a comment makes it the current one too.
  root.addEventListener('focusin', (e) => {
    const item = (e.target as HTMLElement).closest<HTMLElement>('.mod-item');
    const i = item ? items().indexOf(item) : -1;
    if (i >= 0 && i !== current) select(i, false);
  });

  mountSelectAll(doc, root);

  const inCurrent = <T extends Element>(selector: string): T | null => items()[current]?.querySelector<T>(selector) ?? null;

  doc.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return;
    let handled = true;
    switch (e.key) {
      case 'j': select(current < 0 ? 0 : current + 1); break;
      case 'k': select(current < 0 ? 0 : current - 1); break;
      case 'a': case 's': case 'n': case 'r': case 'e':
        // The comment's own button (a form post) or link: exactly what a click does.
        inCurrent<HTMLElement>(`[data-key="${e.key}"]`)?.click();
        break;
      case 'x': inCurrent<HTMLInputElement>('input[data-select]')?.click(); break;
      case '?': if (help) help.hidden = !help.hidden; break;
      case 'Escape': if (help && !help.hidden) help.hidden = true; else handled = false; break;
      default: handled = false;
    }
    if (handled) e.preventDefault();
  });
}

function mountSelectAll(doc: Document, root: HTMLElement): void {
  const all = doc.querySelector<HTMLInputElement>('input[data-select-all]');
  const label = all?.closest<HTMLElement>('label');
  if (!all || !label) return;
  const boxes = () => Array.from(root.querySelectorAll<HTMLInputElement>('input[data-select]'));
  const sync = () => {
    const ticked = boxes().filter((b) => b.checked).length;
    all.checked = ticked > 0 && ticked === boxes().length;
    all.indeterminate = ticked > 0 && ticked < boxes().length;
  };
  label.hidden = false;
  all.addEventListener('change', () => {
    for (const b of boxes()) b.checked = all.checked;
    sync();
  });
  root.addEventListener('change', (e) => { if ((e.target as HTMLElement).matches('input[data-select]')) sync(); });
  sync();
}
