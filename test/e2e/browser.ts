// Browser-test plumbing: one headless Debian chromium per test file and a real Gazette listening on
// a random local port. Browser suites run on SQLite only: they test the page, not the storage.
import net, { type AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-quic', '--disable-sync',
];

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

export interface RunningApp { t: TestApp; baseUrl: string; stop(): Promise<void> }

/** A port free on 127.0.0.1 now (for an app that must know its own address before it listens: BASE_URL). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A Gazette on a fresh database (SQLite, demo content unless told otherwise), listening on 127.0.0.1 (random port unless given). */
export async function startApp(opts: Partial<Parameters<typeof buildTestApp>[0]> & { port?: number } = {}): Promise<RunningApp> {
  const { port: wanted = 0, ...appOpts } = opts;
  const t = await buildTestApp({ dialect: 'sqlite', demo: true, ...appOpts });
  try {
    await t.app.listen({ port: wanted, host: '127.0.0.1' });
  } catch (err) {
    await t.close().catch(() => {});
    await t.dropDatabase();
    throw err;
  }
  const { port } = t.app.server.address() as AddressInfo;
  return {
    t,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() { await t.close(); await t.dropDatabase(); },
  };
}

/** The demo site as a reader finds it after `npm start`. */
export const startDemoApp = () => startApp();

export interface OpenedPage { context: BrowserContext; page: Page; errors: string[] }

/**
 * A fresh browser context (its own cookies) with one page. Script errors thrown on the page are collected in
 * `errors` so a test can assert there were none; the context is pushed onto `contexts` for afterEach to close.
 */
export async function openPage(
  browser: Browser, contexts: BrowserContext[], options: BrowserContextOptions & { timeout: number },
): Promise<OpenedPage> {
  const { timeout, ...contextOptions } = options;
  const context = await browser.newContext(contextOptions);
  contexts.push(context);
  context.setDefaultTimeout(timeout);
  context.setDefaultNavigationTimeout(timeout);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}
