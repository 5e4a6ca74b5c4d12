// The byline's names, each author with a page linked to it (article pages and listings).
import { bylineParts } from '../bylines.js';
import type { ArticleAuthor } from '../article-authors.repo.js';

export function BylineNames({ text, authors }: { text: string; authors: readonly ArticleAuthor[] | undefined }) {
  return (
    <span class="author">
      {bylineParts(text, authors ?? []).map((p) => (typeof p === 'string' ? p : <a href={`/authors/${encodeURIComponent(p.slug)}`} rel="author">{p.name}</a>))}
    </span>
  );
}
