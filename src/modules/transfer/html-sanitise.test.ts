// The allow-list sanitiser, WordPress's shortcodes and paragraphs, and the Markdown the editor gets.
import { describe, expect, it } from 'vitest';
import { plainTextOfHtml, safeUrl, sanitiseHtml } from './html-sanitise.js';
import { autoParagraphs, expandShortcodes, wordpressBodyToHtml } from './wp-content.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import { parseXml, XmlError } from './xml-reader.js';

describe('sanitiseHtml', () => {
  it.each([
    ['<script>alert(1)</script>ok', 'ok'],
    ['<SCRIPT src=//evil.example/x.js></SCRIPT>ok', 'ok'],
    ['<style>p{}</style><p>ok</p>', '<p>ok</p>'],
    ['<img src=x onerror=alert(1)>', '<img src="x" loading="lazy">'],
    ['<img src="javascript:alert(1)">', ''],
    ['<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="java&#x09;script:alert(1)">x</a>', '<a>x</a>'],
    ['<a href=" JaVaScRiPt:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="vbscript:x">x</a><a href="data:text/html,x">y</a>', '<a>x</a><a>y</a>'],
    ['<a href="mailto:a@b.example" title="t" target="_blank">m</a>', '<a href="mailto:a@b.example" title="t">m</a>'],
    ['<img src="mailto:a@b.example">', ''],
    ['<div onclick="x()"><span style="color:red">text</span></div>', 'text'],
    ['<b>bold</b> <i>it</i>', '<strong>bold</strong> <em>it</em>'],
    ['<p>unclosed <em>emphasis', '<p>unclosed <em>emphasis</em></p>'],
    ['</p>stray close</em>', 'stray close'],
    ['<iframe src="https://video.example/e/1"></iframe>', '<p><a href="https://video.example/e/1">https://video.example/e/1</a></p>'],
    ['<iframe src="http://video.example/e/1">inner <b>x</b></iframe>after', 'after'],
    ['<svg><script>alert(1)</script></svg>ok', 'ok'],
    ['<p title="&quot;><script>">x</p>', '<p>x</p>'],
    ['a < b &amp; c > d', 'a &lt; b &amp; c &gt; d'],
    ['<!-- comment --><p>x</p>', '<p>x</p>'],
    ['<img src="/media/a.jpg" width="100%" height="20">', '<img src="/media/a.jpg" height="20" loading="lazy">'],
    ['<ol start="3" type="a"><li>x</li></ol>', '<ol start="3"><li>x</li></ol>'],
    ['<dl><dt>Term</dt><dd>Meaning</dd></dl>', '<p>Term</p><p>Meaning</p>'],
    ['<figure class="wp-block-image huge"><figcaption>c</figcaption></figure>', '<figure><figcaption>c</figcaption></figure>'],
    ['<table style="x"><tr><td colspan="2" onclick="y">c</td></tr></table>', '<table><tr><td colspan="2">c</td></tr></table>'],
  ])('%s → %s', (input, output) => {
    expect(sanitiseHtml(input)).toBe(output);
  });

  it('puts text and text-level elements left between blocks in paragraphs when asked', () => {
    expect(sanitiseHtml('<strong>Lead</strong> in\n<h2>Head</h2>\n<img src="/a.jpg">\n<ul><li>x</li></ul>tail', { paragraphs: true }))
      .toBe('<p><strong>Lead</strong> in</p>\n<h2>Head</h2>\n<p><img src="/a.jpg" loading="lazy"></p>\n<ul><li>x</li></ul><p>tail</p>');
    expect(sanitiseHtml('<p>already</p>\n<p>fine</p>', { paragraphs: true })).toBe('<p>already</p>\n<p>fine</p>');
  });

  it('accepts http(s), mailto for links and relative addresses; refuses other schemes', () => {
    expect(safeUrl('https://a.example/x', 'src')).toBe('https://a.example/x');
    expect(safeUrl('//cdn.example/x.jpg', 'src')).toBe('https://cdn.example/x.jpg');
    expect(safeUrl('/local', 'href')).toBe('/local');
    expect(safeUrl('mailto:x@y', 'src')).toBeUndefined();
    expect(safeUrl('\u0001javascript:x', 'href')).toBeUndefined();
  });

  it('reads comment HTML as plain text with its paragraphs', () => {
    expect(plainTextOfHtml('One<br>two<p>three</p><script>x</script>four &amp; <b>five</b>')).toBe('One\ntwo\n\nthree\n\nfour & five');
  });
});

describe('WordPress bodies', () => {
  it('turns [caption] (both forms) into a figure, an embed into a link, drops gallery, keeps unknown shortcodes as text', () => {
    expect(wordpressBodyToHtml('[caption id="a" width="300"]<a href="https://x.example/big.jpg"><img src="https://x.example/s.jpg" alt="A"></a> The <b>caption</b>[/caption]'))
      .toBe('<figure class="article-image"><a href="https://x.example/big.jpg"><img src="https://x.example/s.jpg" alt="A" loading="lazy"></a><figcaption>The <strong>caption</strong></figcaption></figure>');
    expect(wordpressBodyToHtml('[caption caption="Old style"]<img src="/s.jpg">[/caption]')).toBe('<figure class="article-image"><img src="/s.jpg" loading="lazy"><figcaption>Old style</figcaption></figure>');
    expect(expandShortcodes('[embed]https://v.example/1[/embed]')).toContain('<a href="https://v.example/1">');
    expect(wordpressBodyToHtml('a [gallery ids="1,2"] b [audio src="x.mp3"][/audio] c [contact-form id=3]')).toBe('<p>a  b  c [contact-form id=3]</p>');
  });

  it('makes paragraphs from blank lines and line breaks from single ones, leaving <pre> and block elements alone', () => {
    expect(autoParagraphs('One\ntwo\n\nThree\n\n<h2>Head</h2>\nAfter head\n\n<pre>a\n\nb</pre>'))
      .toBe('<p>One<br>\ntwo</p>\n<p>Three</p>\n<h2>Head</h2>\n<p>After head</p>\n<pre>a\n\nb</pre>');
    expect(autoParagraphs('<strong>Quotes</strong>\n<h2>Head</h2>\nA quote:\n<blockquote>Stay.</blockquote>\nAfter'))
      .toBe('<p><strong>Quotes</strong></p>\n<h2>Head</h2>\n<p>A quote:</p>\n<blockquote>Stay.</blockquote>\n<p>After</p>');
  });
});

describe('htmlToMarkdown', () => {
  it('says in Markdown what the sanitised HTML says', () => {
    expect(htmlToMarkdown('<h2>Title *x*</h2><p>A <strong>b</strong> <em>c</em> <a href="https://x.example/a b">link</a> <code>co`de</code><br>next</p>'))
      .toBe('## Title \\*x\\*\n\nA **b** *c* [link](<https://x.example/a b>) `` co`de ``\\\nnext');
    expect(htmlToMarkdown('<ul><li>one</li><li>two<ol start="4"><li>four</li></ol></li></ul><blockquote><p>q1</p><p>q2</p></blockquote>'))
      .toBe('- one\n- two\n\n  4. four\n\n> q1\n>\n> q2');
    expect(htmlToMarkdown('<p>1. not a list</p><p># not a heading</p><pre>code\n```</pre>')).toBe('1\\. not a list\n\n\\# not a heading\n\n````\ncode\n```\n````');
    expect(htmlToMarkdown('<table><tr><th>a</th><th>b|c</th></tr><tr><td>1</td><td>2</td></tr></table>')).toBe('| a | b\\|c |\n| --- | --- |\n| 1 | 2 |');
  });
});

describe('parseXml', () => {
  it('reads CDATA, entities and namespaces bound to any prefix, and never expands a DOCTYPE entity', () => {
    const doc = parseXml('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "boom">]><r xmlns:w="http://wordpress.org/export/1.2/"><w:a k="&lt;&#233;">&amp;x;<![CDATA[<b>&x;</b>]]></w:a></r>');
    const a = doc.children[0] as { name: string; attrs: Record<string, string>; children: string[] };
    expect(a.name).toBe('wp:a');
    expect(a.attrs.k).toBe('<é');
    expect(a.children.join('')).toBe('&x;<b>&x;</b>');
  });

  it('reads unquoted attribute values (seen in Disqus exports)', () => {
    const doc = parseXml('<disqus xmlns:dsq="http://disqus.com/disqus-internals"><post><thread dsq:id=247937687/></post></disqus>');
    const thread = (doc.children[0] as { children: { name: string; attrs: Record<string, string> }[] }).children[0]!;
    expect(thread).toMatchObject({ name: 'thread', attrs: { 'dsq:id': '247937687' } });
  });

  it('refuses what is not well-formed, with the line', () => {
    expect(() => parseXml('<a>\n<b></a>')).toThrow(XmlError);
    expect(() => parseXml('<a>\n<b></a>')).toThrow(/line 2/);
    expect(() => parseXml('no xml here')).toThrow(XmlError);
    expect(() => parseXml('<a></a><b></b>')).toThrow(/More than one root/);
  });
});
