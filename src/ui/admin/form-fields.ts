// Form fields as a browser sends them, for the zod schemas of admin pages: a field sent twice counts with
// its last value (as the page registry's `typed` shows it again), a field left out reads as empty, and a
// value that is not text (a JSON body) as left out.
import { z } from 'zod';

/** The field's text: its last value when repeated; undefined when absent or not text. */
export function lastText(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof v === 'string' ? v : undefined;
}

/** A text field checked by `schema`; one that was not sent is checked as '' (so "required" reads the same). */
export const formField = <T extends z.ZodType>(schema: T) => z.preprocess((v) => lastText(v) ?? '', schema);

/** A checkbox: ticked when sent with any value but "0". */
export const checkbox = z.preprocess((v) => {
  const text = lastText(v);
  return text !== undefined && text !== '0';
}, z.boolean());

/** A field no person types (a hidden field, a query parameter): what `schema` accepts, else `fallback`. */
export const lenient = <T extends z.ZodType, F extends z.output<T>>(schema: T, fallback: F) =>
  z.preprocess(lastText, schema).catch(fallback);
