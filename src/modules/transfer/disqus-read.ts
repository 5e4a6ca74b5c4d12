// A Disqus export (XML: <disqus> with <category>, <thread> and <post> elements; ids in dsq:id attributes)
// read into plain objects.
import { child, childElements, childText, parseXml, textOf, XmlError } from './xml-reader.js';

export interface DisqusThread { id: string; link: string; title: string; isDeleted: boolean }
export interface DisqusPost {
  id: string;
  threadId: string;
  parentId: string;
  message: string;
  /** ISO UTC ('' when missing or unreadable). */
  createdAt: string;
  authorName: string;
  authorEmail: string;
  isSpam: boolean;
  isDeleted: boolean;
}

const iso = (s: string) => { const d = new Date(s); return s && !Number.isNaN(d.getTime()) ? d.toISOString() : ''; };

export function readDisqus(xml: string): { threads: DisqusThread[]; posts: DisqusPost[] } {
  const root = parseXml(xml);
  if (root.name !== 'disqus') throw new XmlError(`Not a Disqus export: the root element is <${root.name}>, not <disqus>`);
  const idOf = (el: { attrs: Record<string, string> } | undefined) => el?.attrs['dsq:id'] ?? '';
  return {
    threads: childElements(root, 'thread').map((t) => ({ id: idOf(t), link: childText(t, 'link'), title: childText(t, 'title'), isDeleted: childText(t, 'isDeleted') === 'true' })).filter((t) => t.id !== ''),
    posts: childElements(root, 'post').map((p) => {
      const author = child(p, 'author');
      return {
        id: idOf(p), threadId: idOf(child(p, 'thread')), parentId: idOf(child(p, 'parent')),
        message: textOf(child(p, 'message')), createdAt: iso(childText(p, 'createdAt')),
        authorName: author ? childText(author, 'name') || childText(author, 'username') : '',
        authorEmail: author ? childText(author, 'email') : '',
        isSpam: childText(p, 'isSpam') === 'true', isDeleted: childText(p, 'isDeleted') === 'true',
      };
    }).filter((p) => p.id !== ''),
  };
}
