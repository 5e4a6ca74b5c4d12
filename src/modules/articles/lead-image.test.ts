// The lead image with its caption and credit: set through the API (validated) and the editor form (by number,
// or by uploading with "Use as the lead image"), shown as a figure on the article page, as a thumbnail on the
// home page, in the feeds' enclosure (with the file's bytes) and in the page's OG and JSON-LD image. On every dialect.
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { admin, dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { multipart } from '../../../test/helpers/http.js';
import { articleAdminSuite, type Session } from './articles.admin.test-kit.js';

describe.each(dialects())('lead image on %s', (dialect) => {
  const kit = articleAdminSuite(dialect);
  const { get, post, createVia, formOf, publicPage, home } = kit;
  let t: TestApp;
  let editor: Session;
  let png: Buffer;
  beforeAll(async () => {
    ({ t, editor } = kit);
    png = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#884422' } }).png().toBuffer();
  });
  const uploadApi = async () => {
    const body = await multipart({ alt: 'A red harbour', file: { data: png, name: 'harbour.png', type: 'image/png' } });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/images', payload: body.payload, headers: { ...admin, ...body.headers } });
    return res.json().image as { id: number; fullUrl: string; thumbUrl: string };
  };
  const createApi = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/admin/articles', headers: admin, payload: {
    title: 'Harbour news', bodyMarkdown: 'Text.', authorName: 'Ada Reporter', status: 'published', publishedAt: '2026-03-01T08:00:00Z', ...payload,
  } });

  it('round-trips through the API and refuses an image id that names no image (422)', async () => {
    const image = await uploadApi();
    const res = await createApi({ leadImageId: image.id, leadCaption: 'Boats at dawn', leadCredit: 'Jane Roe', slug: 'harbour-api' });
    expect(res.statusCode).toBe(201);
    expect(res.json().article).toMatchObject({ leadImageId: image.id, leadCaption: 'Boats at dawn', leadCredit: 'Jane Roe' });
    expect((await t.app.inject({ url: '/api/v1/articles/harbour-api' })).json().article).toMatchObject({ leadImageId: image.id, leadCredit: 'Jane Roe' });
    const id = res.json().article.id as number;

    const bad = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/articles/${id}`, headers: admin, payload: { leadImageId: 999999 } });
    expect([bad.statusCode, bad.json().error.code, bad.json().error.field]).toEqual([422, 'LEAD_IMAGE_NOT_FOUND', 'leadImageId']);
    expect((await createApi({ leadImageId: 999999, slug: 'harbour-bad' })).json().error.code).toBe('LEAD_IMAGE_NOT_FOUND');
    expect((await t.services.articles.getById(id)).leadImageId).toBe(image.id);

    const cleared = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/articles/${id}`, headers: admin, payload: { leadImageId: null } });
    expect(cleared.json().article.leadImageId).toBeNull();
  });

  it('is shown as a figure with caption and credit, on the home page as a thumbnail, and in OG, JSON-LD and the feed', async () => {
    const image = await uploadApi();
    await createApi({ leadImageId: image.id, leadCaption: 'Fishing <b>boats</b>', leadCredit: 'Port Authority', slug: 'harbour-page', title: 'Harbour page' });
    const page = (await publicPage('harbour-page')).body;
    const figure = /<figure class="lead-image article-image">[\s\S]*?<\/figure>/.exec(page)?.[0] ?? '';
    expect(figure).toContain(`<img src="${image.thumbUrl}" srcset="${image.thumbUrl} `);
    expect(figure).toMatch(/ width="\d+" height="\d+"/);
    expect(figure).toContain('<figcaption><span class="caption">Fishing &lt;b>boats&lt;/b></span> <small class="credit">Credit: Port Authority</small></figcaption>');
    expect(page).toContain(`<meta property="og:image" content="${t.config.baseUrl}${image.fullUrl}"/>`);
    expect(page).toContain(`"image":["${t.config.baseUrl}${image.fullUrl}"]`);
    expect(await home()).toMatch(new RegExp(`<li><img class="lead-thumb" src="${image.thumbUrl}" alt width="\\d+" height="\\d+" loading="lazy"/><h2><a href="/articles/harbour-page">`));
    const feed = (await t.app.inject({ url: '/feed' })).body;
    expect(feed).toContain(`<enclosure url="${t.config.baseUrl}${image.fullUrl}" length="${String((await t.app.inject({ url: image.fullUrl })).rawPayload.length)}" type="image/png"/>`);
  });

  it('keeps an uploaded image\'s own caption and credit, shown where the text uses it and under a lead image without its own', async () => {
    const body = await multipart({ alt: 'Pier', caption: 'The pier <i>at night</i>', credit: 'City Archive', file: { data: png, name: 'pier.png', type: 'image/png' } });
    const up = await t.app.inject({ method: 'POST', url: '/api/v1/admin/images', payload: body.payload, headers: { ...admin, ...body.headers } });
    expect(up.statusCode).toBe(201);
    const image = up.json().image as { id: number; markdown: string };
    await createApi({ slug: 'pier-story', title: 'Pier story', bodyMarkdown: `Intro.\n\n${image.markdown}\n`, leadImageId: image.id });
    const page = (await publicPage('pier-story')).body;
    expect(page).toContain('<figcaption><span class="caption">The pier &lt;i&gt;at night&lt;/i&gt;</span> <small class="credit">Credit: City Archive</small> <a class="full-size-link"');
    expect(page).toContain('<figcaption><span class="caption">The pier &lt;i>at night&lt;/i></span> <small class="credit">Credit: City Archive</small></figcaption>');
    const long = await multipart({ alt: 'x', credit: 'c'.repeat(121), file: { data: png, name: 'x.png', type: 'image/png' } });
    const refused = await t.app.inject({ method: 'POST', url: '/api/v1/admin/images', payload: long.payload, headers: { ...admin, ...long.headers } });
    expect([refused.statusCode, refused.json().error.field]).toEqual([400, 'credit']);
  });

  it('is set through the editor form, by number and by uploading, and a wrong number is shown beside its field', async () => {
    const image = await uploadApi();
    const id = await createVia(editor, { title: 'Form lead' });
    let res = await post(editor, `/admin/articles/${id}`, { ...(await formOf(editor, id)), leadImageId: String(image.id), leadCaption: 'By form', leadCredit: 'Ed' });
    expect(res.statusCode).toBe(303);
    expect(await t.services.articles.getById(id)).toMatchObject({ leadImageId: image.id, leadCaption: 'By form', leadCredit: 'Ed' });
    const editorPage = (await get(editor, `/admin/articles/${id}`)).body;
    expect(editorPage).toContain(`<input name="leadImageId" value="${image.id}"`);

    res = await post(editor, `/admin/articles/${id}`, { ...(await formOf(editor, id)), leadImageId: 'nine' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="leadImageId-error"');
    res = await post(editor, `/admin/articles/${id}`, { ...(await formOf(editor, id)), leadImageId: '999999' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="leadImageId-error">No uploaded image has the id 999999');
    expect((await t.services.articles.getById(id)).leadImageId).toBe(image.id);

    const body = await multipart({ alt: 'Uploaded lead', asLead: '1', file: { data: png, name: 'lead.png', type: 'image/png' } });
    const up = await t.app.inject({
      method: 'POST', url: `/admin/articles/${id}/images?_csrf=${encodeURIComponent(editor.csrf)}`, payload: body.payload,
      headers: { ...body.headers, accept: 'text/html', cookie: editor.cookie },
    });
    expect(up.statusCode).toBe(303);
    expect(up.headers.location).toBe(`/admin/articles/${id}?notice=lead`);
    const after = await t.services.articles.getById(id);
    expect(after.leadImageId).not.toBe(image.id);
    expect(after.bodyMarkdown).not.toContain('/media/images/');
  });
});
