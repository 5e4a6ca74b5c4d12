// The revisions of an article in the newsroom: the list (who, when), and one revision with its word-level
// diff to the one before it (<ins>/<del>; text is escaped by Preact) and the "restore this version" form.
import { AdminLayout, type AdminFrame } from '../../../ui/admin/AdminLayout.js';
import { PostButton } from '../../../ui/admin/form-parts.js';
import type { Article } from '../articles.repo.js';
import type { Revision } from '../revisions.repo.js';
import type { DiffPart } from '../text-diff.js';
import { ARTICLES_URL, ArticleTime } from './article-admin-parts.js';

export const revisionsUrl = (articleId: number) => `${ARTICLES_URL}/${articleId}/revisions`;

export function RevisionList({ frame, article, revisions, notice }: { frame: AdminFrame; article: Article; revisions: Revision[]; notice?: string }) {
  return (
    <AdminLayout frame={frame} title={`Revisions of “${article.title}”`} current={ARTICLES_URL} notice={notice}>
      <p><a href={`${ARTICLES_URL}/${article.id}`}>← Back to the editor</a></p>
      {revisions.length === 0 ? <p>No revisions kept yet.</p> : (
        <table class="admin-table revisions">
          <thead><tr><th scope="col">Version</th><th scope="col">Saved</th><th scope="col">By</th><th scope="col">Title then</th></tr></thead>
          <tbody>
            {revisions.map((r) => (
              <tr key={r.id} data-revision-id={r.id}>
                <td><a href={`${revisionsUrl(article.id)}/${r.id}`}>Version {r.version}</a></td>
                <td><ArticleTime iso={r.createdAt} /></td>
                <td>{r.byName}</td>
                <td>{r.title}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>
  );
}

function Diff({ parts, label }: { parts: DiffPart[]; label: string }) {
  const changed = parts.some((p) => p.kind !== 'same');
  return (
    <section class="revision-diff" aria-label={label}>
      <h2>{label}{!changed && <span class="field-hint"> (unchanged)</span>}</h2>
      <pre class="diff">{parts.map((p, i) => p.kind === 'added' ? <ins key={i}>{p.text}</ins> : p.kind === 'removed' ? <del key={i}>{p.text}</del> : p.text)}</pre>
    </section>
  );
}

export interface RevisionViewProps {
  frame: AdminFrame;
  article: Article;
  revision: Revision;
  previous: Revision | undefined;
  diff: { title: DiffPart[]; summary: DiffPart[]; body: DiffPart[] };
}

export function RevisionView({ frame, article, revision, previous, diff }: RevisionViewProps) {
  return (
    <AdminLayout frame={frame} title={`Version ${revision.version} of “${article.title}”`} current={ARTICLES_URL}>
      <p><a href={revisionsUrl(article.id)}>← All revisions</a> · <a href={`${ARTICLES_URL}/${article.id}`}>Editor</a></p>
      <p>Saved <ArticleTime iso={revision.createdAt} /> by {revision.byName}. {previous
        ? <>Changes since version {previous.version} (<ArticleTime iso={previous.createdAt} />): <ins>added</ins>, <del>removed</del>.</>
        : 'The first kept version: all of it is new.'}</p>
      <Diff parts={diff.title} label="Title" />
      <Diff parts={diff.summary} label="Summary" />
      <Diff parts={diff.body} label="Text" />
      <p class="field-hint">Restoring makes this version's title, summary and text the article's again; it is kept as a new revision, so nothing is lost.</p>
      <PostButton action={`${revisionsUrl(article.id)}/${revision.id}/restore`} csrf={frame.csrf} label={`Restore version ${revision.version}`} />
    </AdminLayout>
  );
}
