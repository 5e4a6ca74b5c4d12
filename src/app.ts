// Composition root: the only place where platform pieces and domain modules are wired together.
import crypto from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { Config } from './config.js';
import { createDb, ping, type Db } from './platform/db/database.js';
import { migrateToLatest } from './migrations/index.js';
import { createApiRegistry } from './platform/http/api.js';
import { createPageRegistry, type Access } from './platform/http/pages.js';
import { installAssets } from './platform/http/assets.js';
import { installCompression } from './platform/http/compression.js';
import { installCdnHeaders, sharedCacheHeaders, sharedKeys } from './platform/http/cdn-headers.js';
import { createFastLane } from './platform/http/fast-lane.js';
import { createPurger, type Purger } from './platform/http/cdn-purge.js';
import { clientAddress, proxyTrustFunction } from './platform/http/proxy-trust.js';
import { frameworkErrors, installErrorHandler } from './platform/http/errors.js';
import { installInputChecks } from './platform/http/input.js';
import { installSecurity, responseSecurityHeaders } from './platform/http/security.js';
import { type Clock, systemClock } from './platform/clock.js';
import { Gate } from './platform/gate.js';
import { createJobRunner, type JobRunner } from './platform/jobs/jobs.js';
import { createMailer, type Mailer } from './platform/mail/mailer.js';
import { createEventBus, type EventBus } from './platform/events/event-bus.js';
import type { RateLimitStore } from './platform/http/rate-limit.js';
import { chooseRateLimitStore } from './platform/rate-limits/choose-store.js';
import type { ClusterWorker } from './platform/cluster/worker.js';
import { createImagesService, MAX_IMAGE_BYTES } from './modules/articles/index.js';
import { createArticlesService } from './modules/articles/index.js';
import { createSearchService, registerSearchRoutes } from './modules/articles/index.js';
import { createListingService } from './modules/articles/index.js';
import { registerArticleRoutes } from './modules/articles/index.js';
import { registerArticlePages } from './modules/articles/index.js';
import { createCampaignsService } from './modules/fundraising/index.js';
import { registerCampaignRoutes } from './modules/fundraising/index.js';
import { registerCampaignPages } from './modules/fundraising/index.js';
import { createDonationsService, createDonationCheckout, createStripeGateway } from './modules/fundraising/index.js';
import { registerDonationRoutes, registerSupportPages, registerDonationAdminPages, registerStripeWebhook } from './modules/fundraising/index.js';
import { createCommentsService } from './modules/comments/index.js';
import { createReaderActions } from './modules/comments/index.js';
import { registerCommentRoutes } from './modules/comments/index.js';
import { registerCommentForms } from './modules/comments/index.js';
import { registerLiveUpdates } from './modules/comments/index.js';
import { createSseHub } from './platform/realtime/sse.js';
import { createMetrics, type Metrics } from './platform/metrics/metrics.js';
import { installMetrics } from './platform/metrics/metrics.routes.js';
import { countQueuedJobs } from './platform/jobs/jobs.repo.js';
import { countPendingMails } from './platform/mail/outbox.repo.js';
import { createSitePages, viewerOf, wireCdnPurges } from './modules/site/index.js';
import { createSiteLogo } from './modules/site/index.js';
import { errorPageHtml } from './modules/site/index.js';
import { registerAuthorPages, registerListingPages, registerStaticPages, reservedSlugs } from './modules/site/index.js';
import { registerDiscovery } from './modules/discovery/index.js';
import { createAccountsService } from './modules/accounts/index.js';
import { createAuthorProfiles } from './modules/accounts/index.js';
import { createApiTokensService } from './modules/accounts/index.js';
import { createAuth } from './modules/accounts/index.js';
import { createFirstRun, type FirstRun } from './modules/accounts/index.js';
import { registerAccountPages } from './modules/accounts/index.js';
import type { Passwords, Permission } from './modules/accounts/index.js';
import { createSettingsService, initialSiteSettings } from './modules/settings/index.js';
import { ADMIN_SECTIONS } from './modules/admin/index.js';
import { createAdminFrames } from './ui/admin/frame.js';
import { createModerationService } from './modules/moderation/index.js';
import { createSpamLearner } from './modules/moderation/index.js';
import { registerDashboard } from './modules/admin/index.js';
import { registerOutboxPages } from './modules/admin/index.js';
import { registerUserPages } from './modules/accounts/index.js';
import { registerTokenPages } from './modules/accounts/index.js';
import { registerSettingsPages } from './modules/settings/index.js';
import { registerMenuPages } from './modules/settings/index.js';
import { registerModerationPages } from './modules/moderation/index.js';
import { registerModerationRoutes } from './modules/moderation/index.js';
import { createNotificationsService, registerNotificationPages, registerNotificationRoutes } from './modules/notifications/index.js';
import { seedDemoContent } from './demo/seed.js';
import { createTransferService, installRedirects, oldAddresses } from './modules/transfer/index.js';

export interface BuildOptions {
  clock?: Clock;
  logger?: boolean;
  /** Run the job runner in the background (default true; tests drive it with jobs.runDue()). */
  startJobs?: boolean;
  /** In a cluster worker: the link to the other workers (event nudges) and the primary's rate-limit store. */
  cluster?: Pick<ClusterWorker, 'peers' | 'rateLimits'>;
  /** Password hashing (default: argon2id at the site's cost; tests pass a cheaper argon2id). */
  passwords?: Passwords;
}

export interface Gazette {
  app: FastifyInstance;
  db: Db;
  jobs: JobRunner;
  events: EventBus;
  mailer: Mailer;
  /** Prometheus metrics (GET /metrics), on a registry of this app's own. */
  metrics: Metrics;
  /** The lane in front of Fastify (cached article pages without cookies): how many requests it answered. */
  fastLane: { answered(): number };
  /** Listing pages kept in memory (tests, metrics). */
  listingCache: { readonly size: number };
  /** Purges of the CDN's or reverse proxy's cached pages (CDN_PURGE); flush() sends what is pending. */
  cdnPurger: Purger;
  /** Where rate limits are counted (memory, the cluster primary, the database or Redis: see choose-store.ts). */
  rateLimits: RateLimitStore;
  /**
   * The first step of a graceful stop: /healthz answers 503 (a balancer stops sending traffic), every live
   * stream gets a last `reconnect` event and ends, new streams are refused. close() does it too.
   */
  drain(): void;
  /** Every route declared in the registries, with who may use it (the permission matrix test reads them). */
  declaredRoutes(): { method: string; url: string; access: Access }[];
  /** Every route the app serves (method and path), declared or not. */
  servedRoutes(): readonly { method: string; url: string }[];
  /** Until the site has an admin: the /setup address with its one-time code (logged at start). */
  firstRun: FirstRun;
  services: {
    articles: ReturnType<typeof createArticlesService>;
    campaigns: ReturnType<typeof createCampaignsService>;
    donations: ReturnType<typeof createDonationsService>;
    comments: ReturnType<typeof createCommentsService>;
    images: ReturnType<typeof createImagesService>;
    accounts: ReturnType<typeof createAccountsService>;
    apiTokens: ReturnType<typeof createApiTokensService>;
    settings: ReturnType<typeof createSettingsService>;
    moderation: ReturnType<typeof createModerationService>;
    learner: Awaited<ReturnType<typeof createSpamLearner>>;
    notifications: ReturnType<typeof createNotificationsService>;
    transfer: ReturnType<typeof createTransferService>;
  };
  close(): Promise<void>;
}

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<Gazette> {
  const clock = opts.clock ?? systemClock;
  // Cluster workers share the SQLite file with each other: their transactions take the write lock at begin.
  let checkpointTrouble = (message: string) => { process.stderr.write(`SQLite checkpoint thread: ${message}\n`); };
  const db = createDb(config.databaseUrl, { sharedWithOtherProcesses: opts.cluster !== undefined, onCheckpointError: (m) => checkpointTrouble(m) });
  await migrateToLatest(db);

  // Cached article pages for requests without cookies are answered before Fastify (platform/http/fast-lane.ts).
  const lane = createFastLane();
  const app = Fastify({
    serverFactory: lane.serverFactory,
    logger: opts.logger === false ? false : { level: config.logLevel },
    bodyLimit: 64 * 1024,
    trustProxy: proxyTrustFunction(config.trustProxy),
    logController: new LogController({ disableRequestLogging: config.production }),
    // Slugs may have up to 200 characters (Fastify's default stops at 100); longer is a 414 URL_TOO_LONG.
    routerOptions: { maxParamLength: 200 },
    frameworkErrors,
  });
  checkpointTrouble = (message) => app.log.warn({ checkpoint: message }, 'the SQLite checkpoint thread failed');
  // Every route the app serves, as Fastify registers it (the permission and fuzz tests enumerate them).
  const served: { method: string; url: string }[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') served.push({ method, url: r.url });
  });
  const secureCookies = config.baseUrl.startsWith('https://');
  const cdnPurger = createPurger({
    mode: config.cdn.purge, url: config.cdn.purgeUrl, method: config.cdn.purgeMethod, cloudflare: config.cdn.cloudflare,
    onError: (err, keys) => app.log.error({ err, keys }, 'CDN purge failed'),
  });
  const jobs = createJobRunner({
    db: db.db, dialect: db.dialect, clock, backoffMs: config.mailRetryMs,
    onError: (err, job) => app.log.warn({ err, job: { id: job.id, kind: job.kind, attempts: job.attempts } }, 'job failed'),
  });
  const events = createEventBus({
    db, clock, jobs, peers: opts.cluster?.peers,
    onError: (err, event, where) => app.log.error({ err, event: event && { id: event.id, type: event.type } }, `event ${where} failed`),
  });
  wireCdnPurges({ events, purger: cdnPurger });
  // One store for every rate limit of the app, shared with the other workers or instances when there are any.
  const rateLimits = await chooseRateLimitStore({
    db, redisUrl: config.redisUrl, clusterStore: opts.cluster?.rateLimits,
    onError: (err) => app.log.error({ err }, 'the shared rate-limit store failed; counting in this process meanwhile'),
  });
  // The spam filter's learner loads the shipped model; its calibrated threshold is the default spam
  // and hold threshold of the moderation settings.
  const learner = await createSpamLearner({ db: db.db, clock });
  // A save is announced (settings.changed): every instance loads the settings again at once.
  const settings = createSettingsService({
    db: db.db, events,
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
  const securityHeaders = responseSecurityHeaders({ baseUrl: config.baseUrl, hsts: config.hsts });
  installInputChecks(app);
  installCompression(app);
  installCdnHeaders(app, config.cdn);
  const metrics = createMetrics({ queuedJobs: () => countQueuedJobs(db.db), pendingMails: () => countPendingMails(db.db) });
  installMetrics(app, metrics, { token: config.metricsToken });
  const assets = await installAssets(app);

  // Platform: settings, jobs, mail.
  app.addHook('onRequest', async () => { await settings.refresh(); });
  installErrorHandler(app, (_req, err) => errorPageHtml({ siteName: settings.get().siteName, assets, menus: settings.get().menus }, err.status, err.message));

  const mailer = createMailer({
    db: db.db, jobs, clock, smtpUrl: config.smtpUrl, from: config.mailFrom, retryForMs: config.mailRetryForMs,
    messageIdHost: new URL(config.baseUrl).hostname,
  });

  // Domain services.
  const images = createImagesService({ db: db.db, mediaDir: config.mediaDir, clock, maxPixels: config.imageMaxPixels, gate: new Gate(config.imageConcurrency) });
  // A static page's slug may not be a first path segment of a route (read from Fastify's table when a page is saved).
  const reservedSlug = reservedSlugs(() => served);
  // Authors' profiles (accounts module): the byline's accounts, their slugs, bios and photos.
  const authorProfiles = createAuthorProfiles({ db: db.db, clock, events });
  const articles = createArticlesService({ db: db.db, dialect: db.dialect, events, images, clock, reservedSlug, authors: authorProfiles });
  const listing = createListingService({ db: db.db, clock });
  const search = createSearchService({ db: db.db, dialect: db.dialect, clock });
  const campaigns = createCampaignsService({ db: db.db, dialect: db.dialect, events, clock });
  const siteName = () => settings.get().siteName;
  const donations = createDonationsService({ db: db.db, dialect: db.dialect, events, clock, mailer, campaigns, siteName, baseUrl: config.baseUrl, secret });
  const stripe = config.stripe && createStripeGateway(config.stripe);
  const onProviderError = (err: unknown) => app.log.error({ err }, 'Stripe request failed');
  const checkout = createDonationCheckout({
    gateway: stripe, donations, campaigns, settings: () => settings.get().donations, siteName, baseUrl: config.baseUrl, clock, onProviderError, rateLimits,
  });
  const comments = createCommentsService({
    db: db.db, dialect: db.dialect, events, clock,
    editWindowMs: () => settings.get().commentEditWindowMinutes * 60_000,
    commentsOpenByDefault: () => settings.get().commentsOpenByDefault,
    moderate: (c) => moderation.check(c),
  });
  const notifications = createNotificationsService({
    db: db.db, events, jobs, clock, mailer, comments, articles, baseUrl: config.baseUrl, siteName, secret,
    settings: () => settings.get().notifications, unsubscribeMailto: config.unsubscribeMailto,
  });
  const moderation = createModerationService({
    db: db.db, events, comments, clock, learner, rateLimits, settings: () => settings.get().moderation, siteHost: new URL(config.baseUrl).hostname,
    onVerdict: (verdict) => metrics.verdict(verdict),
  });
  const accounts = createAccountsService({
    db: db.db, events, clock, mailer, rateLimits, baseUrl: config.baseUrl, siteName: () => settings.get().siteName, passwords: opts.passwords,
    exportSections: { comments: comments.exportOf, subscriptions: (userId) => notifications.exportOf(userId), authorProfile: authorProfiles.exportOf },
  });
  const apiTokens = createApiTokensService({ db: db.db, clock });
  const auth = createAuth({ accounts, apiTokens, bootstrapToken: config.adminToken, secureCookies, networkOf: (req) => ipHash(clientAddress(req)) });
  auth.install(app);
  const firstRun = createFirstRun({ values: settings, countAdmins: () => accounts.countAdmins(), baseUrl: config.baseUrl });
  /** The frame of an admin page for its caller: the sections they may open (ui/admin/frame.ts). */
  const frameOf = createAdminFrames({ siteName: () => settings.get().siteName, css: assets.css, js: assets.adminJs, sections: ADMIN_SECTIONS });

  // Who is asking, for the JSON API and the pages alike (the API's permission refusals: 401 / 403).
  const api = createApiRegistry(app, (req, permission) => (permission ? auth.require(req, permission as Permission) : auth.caller(req)));
  const pages = createPageRegistry(app, { authorize: (req, access) => auth.authorize(req, access) });

  /** A stored image's thumbnail (the site's logo, the settings page's preview). */
  const imageOf = async (id: number) => (await images.refs([id])).get(id);
  const logoOf = createSiteLogo({ logoImageId: () => settings.get().logoImageId, imageOf });
  const site = createSitePages({
    db: db.db, events, settings, assets, clock, articles, listing, campaigns, comments, logoOf,
    followingOf: (email, articleId) => notifications.followingOf(email, articleId), baseUrl: config.baseUrl,
    onCacheLookup: (result) => metrics.cacheLookup(result),
    listingCacheMs: config.listingCacheSeconds * 1000,
    fastLane: {
      sharedHeaders: (keys) => ({ ...securityHeaders, ...sharedCacheHeaders(config.cdn, sharedKeys(...keys)) }),
      onResponse: (status, ms) => metrics.request('GET', '/articles/:slug', status, ms),
    },
  });
  site.register(pages);
  if (site.fastPath) lane.add(site.fastPath);
  registerListingPages({ pages, listing, comments, siteName: () => settings.get().siteName, baseUrl: config.baseUrl, contextFor: site.contextFor, listings: site.listings });
  registerAuthorPages({ pages, articles, authorBySlug: (slug) => authorProfiles.bySlug(slug), imageOf, readerPage: site.readerPage, baseUrl: config.baseUrl, listings: site.listings });
  registerDiscovery({ pages, db: db.db, clock, baseUrl: config.baseUrl, settings, articles, comments, sitemapUrlsPerFile: config.sitemapUrlsPerFile, authorBySlug: (slug) => authorProfiles.bySlug(slug) });
  installRedirects(app, { db: db.db });
  const transfer = createTransferService({ db: db.db, events, clock, articles, accounts, comments, images, learner });
  registerArticleRoutes(app, { api, articles, images });
  registerSearchRoutes({ api, pages, search, readerPage: (caller, title, content) => site.readerPage(caller, title, content), pagesKept: site.searches, personal: (caller) => viewerOf(caller) !== undefined });
  registerCampaignRoutes({ api, campaigns });
  registerDonationRoutes({ api, donations, checkout, clock });
  registerStripeWebhook(app, {
    gateway: stripe, webhookConfigured: Boolean(config.stripe?.webhookSecret), donations,
    log: (level, obj, msg) => app.log[level](obj, msg),
  });
  registerSupportPages({
    pages, donations, checkout, campaigns, clock, baseUrl: config.baseUrl, siteName,
    settings: () => settings.get().donations,
    readerPage: site.readerPage,
    portalUrl: stripe && ((customer, returnUrl) => stripe.portalUrl(customer, returnUrl)),
    paymentOrigins: stripe?.hostedOrigins ?? [], onProviderError,
  });
  const readerActions = createReaderActions({ clock, rateLimits, secureCookies, report: (id, caller, reason, note) => moderation.report(id, caller, reason, note) });
  registerCommentRoutes({ api, articles, comments, actions: readerActions });
  registerCommentForms({ pages, articles, comments, actions: readerActions, showArticle: site.showArticle });
  registerNotificationRoutes({ api, articles, notifications });
  registerNotificationPages({ pages, notifications, articles, readerPage: (caller, title, content) => site.readerPage(caller, title, content) });
  // Live updates of the discussion (Server-Sent Events); open streams end before the server closes.
  const liveHub = createSseHub(config.live);
  let draining = false;
  const drain = () => {
    draining = true;
    liveHub.close({ event: 'reconnect', data: { reason: 'shutting-down' } });
  };
  app.addHook('preClose', async () => { lane.stop(); drain(); });
  registerLiveUpdates({
    api, articles, comments, events, hub: liveHub, clock,
    onError: (err) => app.log.error({ err }, 'live update failed'),
  });
  // Pages of the newsroom admin and of readers' accounts (one registration per module).
  registerAccountPages({
    app, pages, accounts, auth, siteName: () => settings.get().siteName, assets, clock, firstRun, rateLimits,
    profiles: { profiles: authorProfiles, storeImage: (file) => images.store(file), imageOf, maxImageBytes: MAX_IMAGE_BYTES },
  });
  registerArticlePages({ pages, frameOf, articles, images, clock, siteCommentsOpen: () => settings.get().commentsOpenByDefault, writers: () => authorProfiles.writers(), timeZone: () => settings.get().timeZone });
  registerDashboard({
    pages, frameOf, clock,
    articleCounts: (now) => articles.counts(now), commentsSince: (since) => comments.countPublishedSince(since),
    currentCampaign: () => campaigns.current(), mailCounts: () => mailer.counts(),
    waitingComments: () => moderation.counts(),
  });
  registerOutboxPages({ pages, frameOf, mailer });
  registerCampaignPages({ pages, frameOf, campaigns, clock });
  registerDonationAdminPages({
    pages, frameOf, donations, checkout, clock,
    settings: () => settings.get().donations,
    saveSettings: async (next) => { await settings.update({ donations: next }); },
  });
  registerUserPages({ pages, frameOf, accounts });
  registerTokenPages({ pages, frameOf, apiTokens });
  registerSettingsPages({ pages, frameOf, settings, storeImage: (file) => images.store(file), imageOf, maxImageBytes: MAX_IMAGE_BYTES });
  registerMenuPages({ pages, frameOf, settings });
  registerModerationRoutes({ api, moderation });
  registerModerationPages({
    pages, frameOf, moderation, comments,
    moderationSettings: () => settings.get().moderation,
    saveModerationSettings: (next, audit) => settings.update({ moderation: next }, audit),
  });

  // Liveness: the process answers (no database); readiness (/healthz): the database too, and not shutting down.
  app.get('/livez', async () => ({ status: 'ok' }));
  app.get('/healthz', async (_req, reply) => {
    if (draining) return reply.code(503).send({ status: 'shutting-down' });
    try {
      await ping(db.db);
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
  const openapi = () => api.openapi({ title: `${settings.get().siteName} API`, version: '1', serverUrl: config.baseUrl });
  app.get('/api/v1/openapi.json', async () => openapi());
  // Last: the short addresses of static pages (/about) take only what no route above has.
  registerStaticPages({ pages, articles, siteName: () => settings.get().siteName, baseUrl: config.baseUrl, reservedSlug, contextFor: site.contextFor, movedTo: oldAddresses({ db: db.db }) });

  if (config.demoContent) await seedDemoContent({ flags: settings, articles, images, campaigns, donations, comments, clock });
  if (opts.startJobs !== false) jobs.start(config.jobsIntervalMs);
  await events.start();

  return {
    app, db, jobs, events, mailer, firstRun, metrics, drain, cdnPurger, fastLane: { answered: lane.answered }, listingCache: site.listings, rateLimits,
    servedRoutes: () => served,
    declaredRoutes: () => [
      ...pages.routes(),
      ...api.routes().map((r) => ({ method: r.method, url: r.url, access: r.permission ? { permission: r.permission } : 'public' as const })),
    ],
    services: { articles, campaigns, donations, comments, images, accounts, apiTokens, settings, moderation, learner, notifications, transfer },
    async close() {
      drain();
      // The job runner finishes its current job while the server stops accepting and answers what is in flight.
      await Promise.all([jobs.stop(), app.close()]);
      await events.stop();
      await cdnPurger.flush(2000); // purges of the last changes, unless the CDN is slow to answer
      await rateLimits.close?.();
      mailer.close();
      await db.close();
    },
  };
}
