import { describe, expect, it } from 'vitest';
import { commentHtml, normaliseCommentText } from './comment-text.js';

describe('comment text', () => {
  it('escapes everything and keeps paragraphs and line breaks', () => {
    expect(commentHtml('a < b & "c"\nnext line\n\n\n\nnew <b>para</b>')).toBe(
      '<p>a &lt; b &amp; &quot;c&quot;<br>next line</p><p>new &lt;b&gt;para&lt;/b&gt;</p>');
  });

  it('links web addresses as user-generated, leaving trailing punctuation out', () => {
    expect(commentHtml('See https://example.org/x?a=1&b=2, and www.example.com.')).toBe(
      '<p>See <a href="https://example.org/x?a=1&amp;b=2" rel="nofollow ugc noopener">https://example.org/x?a=1&amp;b=2</a>, and ' +
      '<a href="https://www.example.com" rel="nofollow ugc noopener">www.example.com</a>.</p>');
  });

  it('keeps a closing parenthesis that belongs to the URL', () => {
    expect(commentHtml('(https://en.wikipedia.org/wiki/Foo_(bar))')).toContain('href="https://en.wikipedia.org/wiki/Foo_(bar)"');
  });

  it('never links other schemes', () => {
    const html = commentHtml('javascript:alert(1) data:text/html,<script>');
    expect(html).not.toContain('<a');
    expect(html).not.toContain('<script');
  });

  it('cannot break out of an attribute through a URL', () => {
    const html = commentHtml('https://x.example/"onmouseover="alert(1)');
    expect(html).not.toMatch(/"\s*onmouseover=/);
  });

  it('normalises line endings and strips control characters', () => {
    expect(normaliseCommentText('  a\r\nb\u0000c \t\r\n')).toBe('a\nbc');
  });
});

describe('mentions', () => {
  const people = [
    { name: 'Ada', href: '/comments/1' },
    { name: 'Ada Lovelace', href: '/comments/2' },
    { name: 'Émile <Z>', href: '/comments/3' },
  ];

  it('links "@Name" of an earlier commenter to their comment, the longest name that fits, in any case', () => {
    expect(commentHtml('@ada lovelace, you are right. @Ada too.', people)).toBe(
      '<p><a class="mention" href="/comments/2">@ada lovelace</a>, you are right. <a class="mention" href="/comments/1">@Ada</a> too.</p>');
    expect(commentHtml('Thanks @Émile <Z>!', people)).toBe('<p>Thanks <a class="mention" href="/comments/3">@Émile &lt;Z&gt;</a>!</p>');
  });

  it('leaves e-mail addresses, longer words, unknown names and addresses in links alone', () => {
    expect(commentHtml('write to ada@example.org or @Adam or @Nobody', people)).toBe('<p>write to ada@example.org or @Adam or @Nobody</p>');
    expect(commentHtml('see https://example.org/@Ada and @Ada', people)).toBe(
      '<p>see <a href="https://example.org/@Ada" rel="nofollow ugc noopener">https://example.org/@Ada</a> and <a class="mention" href="/comments/1">@Ada</a></p>');
    expect(commentHtml('@Ada', [])).toBe('<p>@Ada</p>');
  });
});
