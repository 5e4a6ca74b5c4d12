// Full-size images in an overlay; without JavaScript the same links open the original file.
// The overlay is a modal dialog: the focus stays inside while it is open (Tab, Shift+Tab, or focus moved
// by any other means), Escape or a click closes it, and the focus goes back to the link that opened it.
const FOCUSABLE = 'a[href], button:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function installLightbox(doc: Document): void {
  doc.addEventListener('click', (e) => {
    const link = (e.target as Element | null)?.closest?.('a[data-lightbox]') as HTMLAnchorElement | null;
    if (!link || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    const overlay = doc.createElement('div');
    overlay.className = 'lightbox';
    overlay.setAttribute('role', 'dialog');
    overlay.setAttribute('aria-modal', 'true');
    const img = doc.createElement('img');
    img.src = link.href;
    img.alt = link.closest('figure')?.querySelector('img')?.alt ?? '';
    overlay.setAttribute('aria-label', img.alt ? `Full-size image: ${img.alt}` : 'Full-size image');
    const close = doc.createElement('button');
    close.type = 'button';
    close.className = 'lightbox-close';
    close.textContent = '×';
    close.setAttribute('aria-label', 'Close');
    overlay.append(img, close);

    const focusables = () => [...overlay.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const dismiss = () => {
      overlay.remove();
      doc.removeEventListener('keydown', onKey, true);
      doc.removeEventListener('focusin', onFocusIn);
      link.focus();
    };
    const onKey = (ev: KeyboardEvent) => {
      if (ev.key === 'Escape') { ev.preventDefault(); dismiss(); return; }
      if (ev.key !== 'Tab') return;
      const items = focusables();
      const at = items.indexOf(doc.activeElement as HTMLElement);
      const next = ev.shiftKey ? (at <= 0 ? items.length - 1 : at - 1) : (at === items.length - 1 ? 0 : at + 1);
      ev.preventDefault();
      items[next]?.focus();
    };
    const onFocusIn = (ev: FocusEvent) => { if (!overlay.contains(ev.target as Node)) focusables()[0]?.focus(); };
    overlay.addEventListener('click', dismiss);
    doc.addEventListener('keydown', onKey, true);
    doc.addEventListener('focusin', onFocusIn);
    doc.body.append(overlay);
    close.focus();
  });
}
