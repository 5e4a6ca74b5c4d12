// Full-size images in an overlay; without JavaScript the same links open the original file.
export function installLightbox(doc: Document): void {
  doc.addEventListener('click', (e) => {
    const link = (e.target as Element | null)?.closest?.('a[data-lightbox]') as HTMLAnchorElement | null;
    if (!link || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    const previous = doc.activeElement as HTMLElement | null;
    const overlay = doc.createElement('div');
    overlay.className = 'lightbox';
    overlay.setAttribute('role', 'dialog');
    overlay.setAttribute('aria-modal', 'true');
    overlay.setAttribute('aria-label', 'Full-size image');
    const img = doc.createElement('img');
    img.src = link.href;
    img.alt = link.closest('figure')?.querySelector('img')?.alt ?? '';
    const close = doc.createElement('button');
    close.type = 'button';
    close.className = 'lightbox-close';
    close.textContent = '×';
    close.setAttribute('aria-label', 'Close');
    overlay.append(img, close);
    const dismiss = () => { overlay.remove(); doc.removeEventListener('keydown', onKey); previous?.focus(); };
    const onKey = (ev: KeyboardEvent) => { if (ev.key === 'Escape') dismiss(); };
    overlay.addEventListener('click', dismiss);
    doc.addEventListener('keydown', onKey);
    doc.body.append(overlay);
    close.focus();
  });
}
