// Composition root: the only place where platform pieces and domain modules are wired together.
import crypto from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { sql } from 'kysely';
import type { Config } from './config.js';
import { createDb, type Db } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { createApiRegistry } from './platform/http/api.js';
import { installAssets } from './platform/http/assets.js';
import { AppError, installErrorHandler } from './platform/http/errors.js';
import { installSecurity } from './platform/http/security.js';
import { type Clock, systemClock } from './platform/clock.js';
import { createImagesService } from './modules/articles/images.service.js';
import { createArticlesService } from './modules/articles/articles.service.js';
import { registerArticleRoutes } from './modules/articles/articles.routes.js';
import { createCampaignsService } from './modules/fundraising/campaigns.service.js';
import { registerCampaignRoutes } from './modules/fundraising/campaigns.routes.js';
import { createCommentsService } from './modules/comments/comments.service.js';
import { registerCommentRoutes } from './modules/comments/comments.routes.js';
import { registerCommentForms } from './modules/comments/comments.forms.js';
import { createSitePages } from './modules/site/site.routes.js';
import { errorPageHtml } from './modules/site/site.render.js';
import { seedDemoContent } from './demo/seed.js';

export interface BuildOptions { clock?: Clock; logger?: boolean }

export interface Gazette {
  app: FastifyInstance;
  db: Db;
  services: {
    articles: ReturnType<typeof createArticlesService>;
    campaigns: ReturnType<typeof createCampaignsService>;
    comments: ReturnType<typeof createCommentsService>;
    images: ReturnType<typeof createImagesService>;
  };
  close(): Promise<void>;
}

/** The secret that signs reader cookies: generated once and kept in the database (shared by all instances). */
async function cookieSecret(db: Db): Promise<string> {
  const existing = await db.db.selectFrom('settings').select('value').where('key', '=', 'cookie_secret').executeTakeFirst();
  if (existing) return existing.value;
  await db.db.insertInto('settings').values({ key: 'cookie_secret', value: crypto.randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing()).execute();
  return (await db.db.selectFrom('settings').select('value').where('key', '=', 'cookie_secret').executeTakeFirstOrThrow()).value;
}

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<Gazette> {
  const clock = opts.clock ?? systemClock;
  const db = createDb(config.databaseUrl);
  await migrateToLatest(db);

  const app = Fastify({
    logger: opts.logger === false ? false : { level: config.logLevel },
    bodyLimit: 64 * 1024,
    disableRequestLogging: config.production,
  });
  const secureCookies = config.baseUrl.startsWith('https://');
  await app.register(cookie, { secret: await cookieSecret(db) });
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await app.register(multipart, { limits: { fileSize: 15 * 1024 * 1024, files: 1 } });
  installSecurity(app, { baseUrl: config.baseUrl });
  const assets = await installAssets(app);
  installErrorHandler(app, (_req, err) => errorPageHtml({ siteName: config.siteName, assets }, err.status, err.message));

  // Admin API: bearer GAZETTE_ADMIN_TOKEN (accounts and scoped tokens come later).
  const tokenDigest = config.adminToken ? crypto.createHash('sha256').update(config.adminToken).digest() : undefined;
  const isAdmin = (req: FastifyRequest): boolean => {
    const auth = req.headers.authorization;
    if (!auth) return false;
    const m = /^Bearer (.+)$/.exec(auth);
    if (!tokenDigest) throw new AppError(403, 'ADMIN_API_DISABLED', 'Set GAZETTE_ADMIN_TOKEN to use the admin API');
    const given = crypto.createHash('sha256').update(m?.[1] ?? '').digest();
    if (!m || !crypto.timingSafeEqual(given, tokenDigest)) throw new AppError(401, 'UNAUTHORIZED', 'Invalid bearer token');
    return true;
  };
  const checkAdmin = (req: FastifyRequest) => {
    if (!isAdmin(req)) {
      if (!tokenDigest) throw new AppError(403, 'ADMIN_API_DISABLED', 'Set GAZETTE_ADMIN_TOKEN to use the admin API');
      throw new AppError(401, 'UNAUTHORIZED', 'A bearer token is required');
    }
  };
  const api = createApiRegistry(app, checkAdmin);

  const images = createImagesService({ db: db.db, mediaDir: config.mediaDir, clock });
  const articles = createArticlesService({ db: db.db, images, clock });
  const campaigns = createCampaignsService({ db: db.db, clock });
  const comments = createCommentsService({ db: db.db, clock, editWindowMs: config.commentEditWindowMs });
  const site = createSitePages({ siteName: config.siteName, assets, clock, commentsPerPage: config.commentsPerPage, articles, campaigns, comments });

  site.register(app);
  registerArticleRoutes(app, { api, articles, images });
  registerCampaignRoutes({ api, campaigns });
  registerCommentRoutes({ api, articles, comments, secureCookies, isAdmin });
  registerCommentForms(app, { articles, comments, secureCookies, showArticle: site.showArticle });

  app.get('/healthz', async (_req, reply) => {
    try {
      await sql`select 1`.execute(db.db);
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
  const openapi = () => api.openapi({ title: `${config.siteName} API`, version: '1', serverUrl: config.baseUrl });
  app.get('/api/v1/openapi.json', async () => openapi());

  if (config.demoContent) await seedDemoContent({ db: db.db, articles, images, campaigns, comments, clock });

  return {
    app, db,
    services: { articles, campaigns, comments, images },
    async close() {
      await app.close();
      await db.close();
    },
  };
}
