// Bylines: the text made from several names, and the text split into pieces that link to authors' pages.

/** "Ada Lovelace", "Ada Lovelace and Grace Hopper", "Ada Lovelace, Grace Hopper and Mary Somerville". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
}

export type BylinePart = string | { name: string; slug: string };

const WORD = /[\p{L}\p{N}]/u;
/** Where the name first stands as a whole in the text ("Ada" not inside "Adam"); -1 when nowhere. */
function wholeNameAt(text: string, name: string): number {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (!WORD.test(text[at - 1] ?? '') && !WORD.test(text[at + name.length] ?? '')) return at;
  }
  return -1;
}

/**
 * The byline text with each linked author's name (its first place in the text) as a link; an author whose
 * name is not in the text (a free byline) or who has no page stays unlinked, and the text is never changed.
 */
export function bylineParts(text: string, authors: readonly { name: string; slug: string | null }[]): BylinePart[] {
  const found = authors
    .filter((a): a is { name: string; slug: string } => a.slug !== null && a.name.length > 0)
    .map((a) => ({ a, at: wholeNameAt(text, a.name) }))
    .filter((f) => f.at >= 0)
    .sort((x, y) => x.at - y.at || y.a.name.length - x.a.name.length);
  const parts: BylinePart[] = [];
  let pos = 0;
  for (const { a, at } of found) {
    if (at < pos) continue; // overlaps a name already linked
    if (at > pos) parts.push(text.slice(pos, at));
    parts.push({ name: a.name, slug: a.slug });
    pos = at + a.name.length;
  }
  if (pos < text.length) parts.push(text.slice(pos));
  return parts;
}
