// Moving the keyboard focus after the island re-renders (the element may only exist after the render).
import { useEffect, useRef } from 'preact/hooks';

const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]';
/** A focus request the next renders do not fulfil within this time is dropped (it must not fire much later). */
const GIVE_UP_MS = 1000;

/** Focuses the element the selector finds; one that is not focusable by nature gets tabindex=-1 first. */
export function focusElement(selector: string): boolean {
  const el = document.querySelector<HTMLElement>(selector);
  if (!el) return false;
  if (!el.matches(FOCUSABLE)) el.tabIndex = -1;
  el.focus();
  return true;
}

/** Returns `focusAfterRender(selector)`: the element is focused as soon as a render has put it on the page. */
export function useFocusAfterRender(): (selector: string) => void {
  const pending = useRef<{ selector: string; at: number } | null>(null);
  useEffect(() => {
    const p = pending.current;
    if (p && (focusElement(p.selector) || Date.now() - p.at > GIVE_UP_MS)) pending.current = null;
  });
  return (selector) => { pending.current = { selector, at: Date.now() }; };
}
