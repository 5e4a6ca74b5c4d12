// Image uploads against decompression bombs: an image with more pixels than IMAGE_MAX_PIXELS is refused
// before it is decoded (413 IMAGE_TOO_LARGE, nothing stored), on every upload route; and at most
// IMAGE_CONCURRENCY uploads are in sharp at once, the others waiting for a turn. On every dialect.
import fs from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, createArticle, dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { multipart } from '../../../test/helpers/http.js';
import { Gate } from '../../platform/gate.js';
import { createImagesService } from './images.service.js';
import { transcodeImage, type Transcode } from './image-transcode.js';

const LIMIT = 1_000_000; // lowered for the test (default 40,000,000)

const png = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#2a6' } }).png().toBuffer();

describe.each(dialects())('image limits on %s', (dialect) => {
  let t: TestApp;
  let editor: { cookie: string; csrf: string };

  const images = async () => (await t.db.db.selectFrom('images').select('id').execute()).length;
  const files = () => (fs.existsSync(t.config.mediaDir) ? fs.readdirSync(t.config.mediaDir, { recursive: true }).filter((f) => String(f).includes('.')) : []);
  const upload = async (url: string, field: string, data: Buffer, headers: Record<string, string>) => {
    const body = await multipart({ [field]: { data, name: 'picture.png', type: 'image/png' } });
    return t.app.inject({ method: 'POST', url, headers: { accept: 'text/html', ...headers, ...body.headers }, payload: body.payload });
  };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, env: { IMAGE_MAX_PIXELS: String(LIMIT), IMAGE_CONCURRENCY: '3' } });
    const user = await t.services.accounts.createUser({ email: 'ed@example.org', password: 'correct horse battery', displayName: 'Ed', role: 'editor' });
    const s = await t.services.accounts.createSession(user.id);
    editor = { cookie: `gz_session=${s.token}`, csrf: s.csrf };
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  it('takes both limits from the configuration', () => {
    expect(t.config).toMatchObject({ imageMaxPixels: LIMIT, imageConcurrency: 3 });
    expect(t.services.images.limits).toEqual({ maxPixels: LIMIT, concurrency: 3 });
  });

  it('refuses an image over the limit on every upload route with 413 IMAGE_TOO_LARGE naming the limit, storing nothing', async () => {
    const big = await png(1001, 1000); // 1,001,000 pixels: one row over
    const draft = await createArticle(t, { title: 'Bomb target', status: 'draft', publishedAt: undefined });
    const bodyBefore = (await t.services.articles.getById(draft.id)).bodyMarkdown;

    const api = await upload('/api/v1/admin/images', 'file', big, { ...admin, accept: 'application/json' });
    expect(api.statusCode).toBe(413);
    expect(api.json().error).toMatchObject({ code: 'IMAGE_TOO_LARGE', field: 'file' });
    expect(api.json().error.message).toContain('1001×1000');
    expect(api.json().error.message).toContain('1,000,000 pixels');

    const form = await upload(`/admin/articles/${draft.id}/images?_csrf=${encodeURIComponent(editor.csrf)}`, 'file', big, { cookie: editor.cookie });
    expect(form.statusCode).toBe(413);
    expect(form.body).toContain('at most 1,000,000 pixels are accepted');
    expect((await t.services.articles.getById(draft.id)).bodyMarkdown).toBe(bodyBefore);

    const logo = await upload('/admin/settings/logo', 'logo', big, admin);
    expect(logo.statusCode).toBe(413);
    expect(logo.body).toContain('data-code="IMAGE_TOO_LARGE"');
    expect(t.services.settings.get().logoImageId).toBeNull();

    expect(await images()).toBe(0);
    expect(files()).toEqual([]);
  });

  it('counts every frame of an animation', async () => {
    const frames = await Promise.all(['#f00', '#0f0', '#00f'].map((c) => sharp({ create: { width: 600, height: 600, channels: 3, background: c } }).png().toBuffer()));
    const gif = await sharp(frames, { join: { animated: true } }).gif().toBuffer(); // 3 × 360,000 pixels
    const res = await upload('/api/v1/admin/images', 'file', gif, { ...admin, accept: 'application/json' });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toContain('in 3 frames');
    expect(await images()).toBe(0);
  });

  it('accepts an image of exactly the limit', async () => {
    const res = await upload('/api/v1/admin/images', 'file', await png(1000, 1000), { ...admin, accept: 'application/json' });
    expect(res.statusCode).toBe(201);
    expect(res.json().image).toMatchObject({ width: 1000, height: 1000 });
  });

  it('refuses an image cut off after its header with 415, not a 500', async () => {
    const noisy = await sharp(Buffer.from(Array.from({ length: 200 * 200 * 3 }, (_, i) => (i * 7919) % 251)), { raw: { width: 200, height: 200, channels: 3 } }).png().toBuffer();
    const before = await images();
    const res = await upload('/api/v1/admin/images', 'file', noisy.subarray(0, noisy.length >> 1), { ...admin, accept: 'application/json' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_IMAGE');
    expect(await images()).toBe(before);
  });

  it('has at most the configured number of uploads in sharp at once; the others wait their turn and all are stored', async () => {
    // The real transcoder, held at its start until the test lets it go: what is inside is what runs at once.
    let inside = 0;
    let most = 0;
    const held: (() => void)[] = [];
    let arrived: () => void = () => {};
    const spy: Transcode = async (data, maxPixels) => {
      inside++;
      most = Math.max(most, inside);
      await new Promise<void>((go) => { held.push(go); arrived(); });
      try { return await transcodeImage(data, maxPixels); } finally { inside--; }
    };
    const arrivals = async (n: number) => {
      while (held.length < n) await new Promise<void>((r) => { arrived = r; });
    };
    const gate = new Gate(2);
    const service = createImagesService({ db: t.db.db, mediaDir: t.config.mediaDir, clock: () => new Date(), maxPixels: LIMIT, gate, transcode: spy });
    const data = await png(40, 30);
    const uploads = Array.from({ length: 5 }, (_, i) => service.store({ data, originalName: `${i}.png`, alt: `Upload ${i}` }));

    await arrivals(2);
    expect([inside, gate.running, gate.waiting]).toEqual([2, 2, 3]);
    for (let next = 3; next <= 5; next++) {
      held[next - 3]!(); // one finishes…
      await arrivals(next); // …and exactly one more starts
      expect(inside).toBeLessThanOrEqual(2);
      expect(gate.waiting).toBe(5 - next);
    }
    for (const go of held.slice(3)) go();
    const stored = await Promise.all(uploads);
    expect(stored.map((s) => s.alt)).toEqual(['Upload 0', 'Upload 1', 'Upload 2', 'Upload 3', 'Upload 4']);
    expect(most).toBe(2);
    expect([gate.running, gate.waiting]).toEqual([0, 0]);
  });
});
