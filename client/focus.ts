// Moving the keyboard focus after the island re-renders (the element may only exist after the render).
import { useEffect, useRef } from 'preact/hooks';

const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]';

/** Focuses the element the selector finds; one that is not focusable by nature gets tabindex=-1 first. */
export function focusElement(selector: string): boolean {
  const el = document.querySelector<HTMLElement>(selector);
  if (!el) return false;
  if (!el.matches(FOCUSABLE)) el.tabIndex = -1;
  el.focus();
  return true;
}

/** Returns `focusAfterRender(selector)`: the element is focused once the next render is on the page. */
export function useFocusAfterRender(): (selector: string) => void {
  const pending = useRef<string | null>(null);
  useEffect(() => {
    if (pending.current && focusElement(pending.current)) pending.current = null;
  });
  return (selector) => { pending.current = selector; };
}
