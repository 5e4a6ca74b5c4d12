// Where an import finds an attachment's file: a folder (never outside it) or a base URL over HTTP; and the
// body's references pointed at the copies.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaKey, mediaSource, rewriteMedia } from './media.js';

describe('media sources', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-media-'));
  let server: http.Server;
  let base: string;
  const asked: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(path.join(dir, 'uploads/2019/05'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'uploads/2019/05/photo.jpg'), 'jpeg bytes');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside the folder');
    server = http.createServer((req, res) => {
      asked.push(req.url ?? '');
      if (req.url === '/wp-content/uploads/2019/05/photo.jpg' || req.url === '/files/2019/05/photo.jpg') res.end('from http');
      else if (req.url === '/wp-content/uploads/big.jpg') res.end(Buffer.alloc(2000));
      else { res.statusCode = 404; res.end(); }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads a folder by the path after wp-content/uploads, never outside it', async () => {
    const folder = mediaSource(path.join(dir, 'uploads'), 1000);
    expect(await folder('https://old.example/wp-content/uploads/2019/05/photo.jpg')).toEqual({ data: Buffer.from('jpeg bytes'), name: 'photo.jpg' });
    expect(await folder('https://old.example/wp-content/uploads/../../secret.txt')).toMatchObject({ error: expect.stringContaining('not found') });
    expect(await folder('https://old.example/wp-content/uploads/%2e%2e/%2e%2e/secret.txt')).toMatchObject({ error: expect.stringContaining('not found') });
  });

  it('fetches from the old site, or from a folder address, within the size limit', async () => {
    expect(await mediaSource(base, 1000)('https://old.example/wp-content/uploads/2019/05/photo.jpg')).toEqual({ data: Buffer.from('from http'), name: 'photo.jpg' });
    expect(await mediaSource(`${base}/files`, 1000)('https://old.example/wp-content/uploads/2019/05/photo.jpg')).toEqual({ data: Buffer.from('from http'), name: 'photo.jpg' });
    expect(await mediaSource(base, 1000)('https://old.example/wp-content/uploads/big.jpg')).toEqual({ error: 'larger than 1000 bytes' });
    expect(await mediaSource(base, 1000)('https://old.example/wp-content/uploads/none.jpg')).toMatchObject({ error: expect.stringContaining('HTTP 404') });
    expect(asked).toContain('/files/2019/05/photo.jpg');
  });

  it('points images (resized variants too) and links at the copies', () => {
    const copies = new Map([[mediaKey('https://old.example/wp-content/uploads/2019/05/photo.jpg'), { thumbUrl: '/media/thumbs/a.jpg', fullUrl: '/media/originals/a.jpg' }]]);
    expect(rewriteMedia('<a href="https://old.example/wp-content/uploads/2019/05/photo.jpg"><img src="http://old.example/wp-content/uploads/2019/05/photo-300x200.jpg" alt=""></a><img src="https://else.example/x.jpg">', (k) => copies.get(k)))
      .toBe('<a href="/media/originals/a.jpg"><img src="/media/thumbs/a.jpg" alt=""></a><img src="https://else.example/x.jpg">');
  });
});
