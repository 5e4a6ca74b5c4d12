import { describe, expect, it } from 'vitest';
import { referencedImageIds, renderMarkdown } from './markdown.js';

const img = { id: 7, thumbUrl: '/media/thumbs/abc.jpg', fullUrl: '/media/originals/abc.png', thumbWidth: 960, thumbHeight: 540 };

describe('article markdown', () => {
  it('renders uploaded images as a thumbnail with a full-size link, outside any paragraph', () => {
    const html = renderMarkdown('Intro\n\n![A harbour](/media/images/7)\n', new Map([[7, img]]));
    expect(html).toContain('<figure class="article-image"><a class="full-size" href="/media/originals/abc.png" data-lightbox><img src="/media/thumbs/abc.jpg" alt="A harbour" width="960" height="540" loading="lazy"></a>');
    expect(html).toContain('<a class="full-size-link" href="/media/originals/abc.png" data-lightbox>Click to see full-size image</a>');
    expect(html).not.toMatch(/<p>\s*<figure/);
  });

  it('escapes raw HTML and refuses script links', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>', new Map());
    expect(html).not.toContain('<script');
    expect(html).not.toContain('href="javascript:');
    expect(html).not.toContain('<img src=x');
  });

  it('finds referenced uploads', () => {
    expect(referencedImageIds('![a](/media/images/3) ![b](/media/images/12) ![c](/media/images/3)')).toEqual([3, 12]);
  });
});

describe('image captions and credits', () => {
  it('takes an image title as caption and its part after " | " as credit, escaped', () => {
    const html = renderMarkdown('![Harbour](/media/images/7 "Boats at <b>dawn</b> | Jane & Co")\n', new Map([[7, img]]));
    expect(html).toContain('<figcaption><span class="caption">Boats at &lt;b&gt;dawn&lt;/b&gt;</span> <small class="credit">Credit: Jane &amp; Co</small> <a class="full-size-link"');
    expect(html).not.toContain('<b>dawn');
    expect(referencedImageIds('![Harbour](/media/images/7 "Boats")')).toEqual([7]);
  });

  it('uses the caption and credit stored with an uploaded image when the Markdown has no title', () => {
    const html = renderMarkdown('![Harbour](/media/images/7)\n', new Map([[7, { ...img, caption: 'Stored caption', credit: '' }]]));
    expect(html).toContain('<figcaption><span class="caption">Stored caption</span> <a class="full-size-link"');
    expect(html).not.toContain('class="credit"');
  });

  it('makes another site\'s titled image alone in its paragraph a figure, and leaves inline images inline', () => {
    const alone = renderMarkdown('![Map](https://example.org/map.png "The district | City archive")\n', new Map());
    expect(alone).toBe('<figure class="article-image"><img src="https://example.org/map.png" alt="Map" loading="lazy"><figcaption><span class="caption">The district</span> <small class="credit">Credit: City archive</small></figcaption></figure>');
    const inline = renderMarkdown('See ![Map](https://example.org/map.png "The district") here.\n', new Map());
    expect(inline).toBe('<p>See <img src="https://example.org/map.png" alt="Map" loading="lazy"> here.</p>\n');
  });
});
