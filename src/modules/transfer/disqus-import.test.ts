// The Disqus import against a fixture of our own (test/fixtures/disqus/harbour-comments.xml), after the
// WordPress import of the same site, on both dialects.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createArticle, dialects, type TestApp } from '../../../test/helpers/test-app.js';
import type { ImportSummary } from './progress.js';

const fixture = (p: string) => fs.readFileSync(path.resolve(import.meta.dirname, '../../../test/fixtures', p), 'utf8');
const SPAM_TEXT = 'Zlorvanix kramptula voxberry, zlorvanix kramptula voxberry deals at spam.example';

describe.each(dialects())('Disqus import (%s)', (dialect) => {
  let t: TestApp;
  let first: ImportSummary;
  let second: ImportSummary;
  let spamBefore: number;

  beforeAll(async () => {
    t = await buildTestApp({ dialect });
    await createArticle(t, { title: 'Market', slug: 'market' });
    await t.services.transfer.importWordPress(fixture('wordpress/harbour-gazette.xml'));
    // In log-odds: the WordPress import's own spam already makes the site's filter sure of it (probability ~1).
    spamBefore = t.services.learner.classifier().score(SPAM_TEXT).logit;
    first = await t.services.transfer.importDisqus(fixture('disqus/harbour-comments.xml'));
    second = await t.services.transfer.importDisqus(fixture('disqus/harbour-comments.xml'));
  }, 120_000);
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  const commentsOf = async (slug: string) => {
    const a = await t.db.db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    return t.db.db.selectFrom('comments').select(['id', 'parent_id', 'depth', 'status', 'author_name', 'author_email', 'body', 'created_at'])
      .where('article_id', '=', a.id).where('created_at', '>=', '2019-05-01T00:00:00.000Z').where('author_name', 'in', ['Anders', 'Guest Gita', 'Carla', 'Deals', 'Dora', 'Emil', 'Gus'])
      .orderBy('created_at').execute();
  };

  it('matches threads by old address or new one, keeps parents, statuses and authors, and says what it skipped', async () => {
    expect(first.created).toEqual({ threads: 2, comments: 6, 'spam comments': 1 });
    expect(first.skipped.map((s) => `${s.kind} ${s.id}: ${s.reason}`).sort()).toEqual([
      'comments 8005: deleted on Disqus', 'comments 8007: its thread has no article here',
      'threads 7002: no published article here for https://harbour.example/2017/01/01/never-imported/',
    ]);
    const rows = await commentsOf('ferry-vote');
    expect(rows.map((r) => [r.author_name, r.status, r.depth])).toEqual([
      ['Anders', 'published', 0], ['Guest Gita', 'published', 1], ['Carla', 'published', 2], ['Deals', 'spam', 0], ['Emil', 'published', 1],
    ]);
    const by = new Map(rows.map((r) => [r.author_name, r]));
    expect(by.get('Guest Gita')!.parent_id).toBe(by.get('Anders')!.id);
    expect(by.get('Carla')!.parent_id).toBe(by.get('Guest Gita')!.id);
    expect(by.get('Emil')!.parent_id).toBe(by.get('Anders')!.id); // its parent was deleted: it answers the thread's top
    expect(by.get('Anders')).toMatchObject({ body: 'Top of the thread & first.\n\nTwo paragraphs.', author_email: 'a@reader.example', created_at: '2019-05-06T13:00:00.000Z' });
    expect((await commentsOf('market-2')).map((r) => r.author_name)).toEqual(['Gus']);
  });

  it('teaches the filter the spam, and adds nothing on a second run', () => {
    expect(t.services.learner.classifier().score(SPAM_TEXT).logit).toBeGreaterThan(spamBefore + 1);
    expect(second.created).toEqual({});
    expect(second.existing).toEqual({ threads: 2, comments: 6 });
  });

  it('refuses a file that is not a Disqus export', async () => {
    await expect(t.services.transfer.importDisqus('<rss><channel/></rss>')).rejects.toThrow(/Not a Disqus export/);
  });
});
