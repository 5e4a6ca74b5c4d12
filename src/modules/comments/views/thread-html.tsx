// One thread of the comment section as HTML, on the server: a streamed page (site/article-page-stream.ts)
// writes its threads one at a time into the list CommentSection leaves for them (`threadSlot`). Kept out of
// CommentSection.tsx, which the browser island bundles too.
import { renderToString } from 'preact-render-to-string';
import type { CommentThread } from '../comments.schemas.js';
import { Comment, type CommentSectionProps } from './CommentSection.js';

export function threadHtml(props: CommentSectionProps, thread: CommentThread): string {
  return renderToString(<Comment {...props} comment={thread} depth={0} />);
}
