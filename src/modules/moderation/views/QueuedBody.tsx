// A queued comment's text as its author wrote it: escaped, paragraphs and line breaks kept, the words the
// reasons point at in <mark>, and web addresses as plain text (visible, never a link a moderator could
// click by mistake; the stored HTML links them, so it is not used here).
import { Fragment } from 'preact';
import { highlight, type Term } from './plain-reasons.js';

function Line({ text, terms }: { text: string; terms: readonly Term[] }) {
  return <>{highlight(text, terms).map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : <Fragment key={i}>{s.text}</Fragment>))}</>;
}

export function QueuedBody({ text, terms }: { text: string; terms: readonly Term[] }) {
  return (
    <div class="mod-body comment-body" data-plain-body>
      {text.split(/\n{2,}/).map((para, p) => (
        <p key={p}>{para.split('\n').map((line, l) => <Fragment key={l}>{l > 0 && <br />}<Line text={line} terms={terms} /></Fragment>)}</p>
      ))}
    </div>
  );
}
