// Composition root: the only place where platform pieces and domain modules are wired together.
import crypto from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { sql } from 'kysely';
import type { Config } from './config.js';
import { createDb, type Db } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { createApiRegistry } from './platform/http/api.js';
import { installAssets } from './platform/http/assets.js';
import { installCompression } from './platform/http/compression.js';
import { proxyTrustFunction } from './platform/http/proxy-trust.js';
import { frameworkErrors, installErrorHandler } from './platform/http/errors.js';
import { installInputChecks } from './platform/http/input.js';
import { installSecurity, readerIdOf } from './platform/http/security.js';
import { RateLimiter } from './platform/http/rate-limit.js';
import { type Clock, systemClock } from './platform/clock.js';
import { Gate } from './platform/gate.js';
import { createJobRunner, type JobRunner } from './platform/jobs/jobs.js';
import { createMailer, type Mailer } from './platform/mail/mailer.js';
import { createEventBus, type EventBus } from './platform/events/event-bus.js';
import { createImagesService } from './modules/articles/images.service.js';
import { createArticlesService, type ArticleEditor } from './modules/articles/articles.service.js';
import { registerArticleRoutes } from './modules/articles/articles.routes.js';
import { registerArticleAdmin } from './modules/articles/articles.admin.js';
import { createCampaignsService } from './modules/fundraising/campaigns.service.js';
import { registerCampaignRoutes } from './modules/fundraising/campaigns.routes.js';
import { createCommentsService, type Actor, type CommentAccount } from './modules/comments/comments.service.js';
import { registerCommentRoutes } from './modules/comments/comments.routes.js';
import { registerCommentForms } from './modules/comments/comments.forms.js';
import { createSitePages, type PageViewer } from './modules/site/site.routes.js';
import { errorPageHtml } from './modules/site/site.render.js';
import { createAccountsService } from './modules/accounts/accounts.service.js';
import { createApiTokensService } from './modules/accounts/api-tokens.service.js';
import { createAuth } from './modules/accounts/auth.js';
import { createFirstRun, type FirstRun } from './modules/accounts/first-run.js';
import { registerAccountPages } from './modules/accounts/accounts.pages.js';
import { AppError } from './platform/http/errors.js';
import type { Permission } from './modules/accounts/permissions.js';
import { createSettingsService, initialSiteSettings } from './modules/settings/settings.service.js';
import { createAdminShell } from './modules/admin/admin.shell.js';
import { createModerationService } from './modules/moderation/moderation.service.js';
import { createSpamLearner } from './modules/moderation/spam/learning.js';
import { registerAdminPages } from './modules/admin/admin.routes.js';
import { registerCampaignAdmin } from './modules/fundraising/campaigns.admin.js';
import { registerUserAdmin } from './modules/accounts/users.admin.js';
import { createSiteLogo, registerSettingsAdmin } from './modules/settings/settings.admin.js';
import { registerModerationAdmin } from './modules/moderation/moderation.admin.js';
import { seedDemoContent } from './demo/seed.js';

export interface BuildOptions {
  clock?: Clock;
  logger?: boolean;
  /** Run the job runner in the background (default true; tests drive it with jobs.runDue()). */
  startJobs?: boolean;
}

export interface Gazette {
  app: FastifyInstance;
  db: Db;
  jobs: JobRunner;
  events: EventBus;
  mailer: Mailer;
  /** Until the site has an admin: the /setup address with its one-time code (logged at start). */
  firstRun: FirstRun;
  services: {
    articles: ReturnType<typeof createArticlesService>;
    campaigns: ReturnType<typeof createCampaignsService>;
    comments: ReturnType<typeof createCommentsService>;
    images: ReturnType<typeof createImagesService>;
    accounts: ReturnType<typeof createAccountsService>;
    apiTokens: ReturnType<typeof createApiTokensService>;
    settings: ReturnType<typeof createSettingsService>;
    moderation: ReturnType<typeof createModerationService>;
    learner: Awaited<ReturnType<typeof createSpamLearner>>;
  };
  close(): Promise<void>;
}

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<Gazette> {
  const clock = opts.clock ?? systemClock;
  const db = createDb(config.databaseUrl);
  await migrateToLatest(db);

  const app = Fastify({
    logger: opts.logger === false ? false : { level: config.logLevel },
    bodyLimit: 64 * 1024,
    trustProxy: proxyTrustFunction(config.trustProxy),
    logController: new LogController({ disableRequestLogging: config.production }),
    // Slugs may have up to 200 characters (Fastify's default stops at 100); longer is a 414 URL_TOO_LONG.
    routerOptions: { maxParamLength: 200 },
    frameworkErrors,
  });
  const secureCookies = config.baseUrl.startsWith('https://');
  // The spam filter's learner loads the shipped model; its calibrated threshold is the default spam
  // and hold threshold of the moderation settings.
  const learner = await createSpamLearner({ db: db.db, clock });
  const settings = createSettingsService({
    db: db.db,
    defaults: initialSiteSettings(config, { spamThreshold: learner.defaultThreshold }),
  });
  await settings.refresh();
  // The secret that signs reader cookies: generated once and kept in the database (shared by all instances).
  const secret = await settings.valueOnce('cookie_secret', () => crypto.randomBytes(32).toString('base64url'));
  await app.register(cookie, { secret });
  /** A keyed digest of an IP address: bans, history and limits match a network without storing it. */
  const ipHash = (ip: string) => crypto.createHmac('sha256', secret).update(ip).digest('base64url').slice(0, 22);
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await app.register(multipart, { limits: { fileSize: 15 * 1024 * 1024, files: 1 } });
  installSecurity(app, { baseUrl: config.baseUrl, hsts: config.hsts });
  installInputChecks(app);
  installCompression(app);
  const assets = await installAssets(app);

  // Platform: settings, jobs, mail.
  app.addHook('onRequest', async () => { await settings.refresh(); });
  installErrorHandler(app, (_req, err) => errorPageHtml({ siteName: settings.get().siteName, assets }, err.status, err.message));

  const jobs = createJobRunner({
    db: db.db, dialect: db.dialect, clock, backoffMs: config.mailRetryMs,
    onError: (err, job) => app.log.warn({ err, job: { id: job.id, kind: job.kind, attempts: job.attempts } }, 'job failed'),
  });
  const events = createEventBus({
    db, clock, jobs,
    onError: (err, event, where) => app.log.error({ err, event: event && { id: event.id, type: event.type } }, `event ${where} failed`),
  });
  const mailer = createMailer({
    db: db.db, jobs, clock, smtpUrl: config.smtpUrl, from: config.mailFrom, retryForMs: config.mailRetryForMs,
    messageIdHost: new URL(config.baseUrl).hostname,
  });

  // Domain services.
  const images = createImagesService({ db: db.db, mediaDir: config.mediaDir, clock, maxPixels: config.imageMaxPixels, gate: new Gate(config.imageConcurrency) });
  const articles = createArticlesService({ db: db.db, images, clock });
  const campaigns = createCampaignsService({ db: db.db, clock });
  const comments = createCommentsService({
    db: db.db, events, clock,
    editWindowMs: () => settings.get().commentEditWindowMinutes * 60_000,
    commentsOpenByDefault: () => settings.get().commentsOpenByDefault,
    moderate: (c) => moderation.check(c),
    ipHash,
  });
  const moderation = createModerationService({ db: db.db, events, comments, clock, learner, settings: () => settings.get().moderation });
  const accounts = createAccountsService({
    db: db.db, events, clock, mailer, baseUrl: config.baseUrl, siteName: () => settings.get().siteName,
    exportSections: { comments: comments.exportOf },
  });
  const apiTokens = createApiTokensService({ db: db.db, clock });
  const auth = createAuth({ accounts, apiTokens, bootstrapToken: config.adminToken, secureCookies });
  auth.install(app);
  const firstRun = createFirstRun({ values: settings, countAdmins: () => accounts.countAdmins(), baseUrl: config.baseUrl });
  const adminShell = createAdminShell({ auth, settings, assets });

  // How the modules see the caller.
  const api = createApiRegistry(app, (req, permission) => auth.require(req, permission as Permission));
  const editorOf = async (req: FastifyRequest): Promise<ArticleEditor> => {
    const p = await auth.principal(req);
    if (!p) throw new AppError(401, 'UNAUTHORIZED', 'Sign in or send a bearer token');
    return { userId: p.user?.id, name: p.name, canEditAny: p.permissions.has('articles.write.any'), canPublish: p.permissions.has('articles.publish') };
  };
  const actorOf = async (req: FastifyRequest): Promise<Actor> => {
    const p = await auth.principal(req);
    if (p?.permissions.has('comments.moderate')) return { kind: 'moderator', name: p.name, userId: p.user?.id };
    return { kind: 'reader', readerId: readerIdOf(req), userId: p?.user?.id };
  };
  const accountOf = async (req: FastifyRequest): Promise<CommentAccount | undefined> => {
    const p = await auth.principal(req);
    if (!p?.user) return undefined;
    if (!p.user.email_verified_at) throw new AppError(403, 'EMAIL_NOT_VERIFIED', 'Confirm your e-mail address before commenting under your account');
    return { userId: p.user.id, name: p.name, email: p.user.email, role: p.role, staff: auth.isStaff(p.role) };
  };
  const viewerOf = async (req: FastifyRequest): Promise<PageViewer | undefined> => {
    const p = await auth.principal(req);
    if (!p?.user || p.via !== 'session') return undefined;
    return { userId: p.user.id, name: p.name, csrf: p.csrf!, verified: p.user.email_verified_at !== null, canAdmin: p.permissions.has('admin.access') };
  };

  const site = createSitePages({ db: db.db, events, settings, viewerOf, assets, clock, commentsPerPage: config.commentsPerPage, articles, campaigns, comments, logoOf: createSiteLogo({ settings, images }) });
  site.register(app);
  registerArticleRoutes(app, { api, articles, images, editor: editorOf });
  registerCampaignRoutes({ api, campaigns });
  // Votes and reports from one network: generous for people, a wall for scripts that drop cookies.
  const limits = { vote: new RateLimiter(60, 60_000, () => clock().getTime()), report: new RateLimiter(10, 3600_000, () => clock().getTime()) };
  const reporting = {
    report: (id: number, reporter: string, reason: Parameters<typeof moderation.report>[2], note: string | undefined) => moderation.report(id, reporter, reason, note),
    // A reader with a confirmed address counts once per account; guests and unconfirmed accounts once per
    // network, so neither fresh cookies nor fresh sign-ups add reports.
    reporterOf: async (req: FastifyRequest, _reply: FastifyReply) => {
      const p = await auth.principal(req);
      return p?.user?.email_verified_at ? `user:${p.user.id}` : `ip:${ipHash(req.ip)}`;
    },
    throttle: (req: FastifyRequest, action: 'vote' | 'report') => {
      const wait = limits[action].hit(ipHash(req.ip));
      if (wait > 0) throw new AppError(429, 'RATE_LIMITED', `Too many ${action === 'vote' ? 'votes' : 'reports'} from your network; try again in ${wait} s`);
    },
  };
  registerCommentRoutes({ api, articles, comments, secureCookies, actorOf, accountOf, ...reporting });
  registerCommentForms(app, { articles, comments, secureCookies, actorOf, accountOf, ...reporting, showArticle: site.showArticle });
  // Pages of the newsroom admin and of readers' accounts (one registration per module).
  registerAccountPages(app, { accounts, auth, settings, assets, clock, firstRun, networkOf: (req) => ipHash(req.ip) });
  registerArticleAdmin(app, { shell: adminShell, articles, images, settings, clock });
  registerAdminPages(app, { shell: adminShell, db: db.db, mailer, campaigns, clock });
  registerCampaignAdmin(app, { shell: adminShell, campaigns, clock });
  registerUserAdmin(app, { shell: adminShell, accounts, apiTokens });
  registerSettingsAdmin(app, { shell: adminShell, settings, images });
  registerModerationAdmin(app, { shell: adminShell, auth, api, db: db.db, moderation, comments, settings });
  void adminShell;

  app.get('/healthz', async (_req, reply) => {
    try {
      await sql`select 1`.execute(db.db);
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
  const openapi = () => api.openapi({ title: `${settings.get().siteName} API`, version: '1', serverUrl: config.baseUrl });
  app.get('/api/v1/openapi.json', async () => openapi());

  if (config.demoContent) await seedDemoContent({ flags: settings, articles, images, campaigns, comments, clock });
  if (opts.startJobs !== false) jobs.start(config.jobsIntervalMs);
  await events.start();

  return {
    app, db, jobs, events, mailer, firstRun,
    services: { articles, campaigns, comments, images, accounts, apiTokens, settings, moderation, learner },
    async close() {
      await events.stop();
      await jobs.stop();
      await app.close();
      mailer.close();
      await db.close();
    },
  };
}
