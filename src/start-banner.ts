// What the server says when it starts: in development a short banner a person reads in the terminal;
// always, while the site has no admin, one log line with the set-up address and its one-time code.
import type { Config } from './config.js';
import { redactUrl } from './platform/db/wait.js';

export const describeDatabase = (url: string) =>
  url.startsWith('sqlite:') ? `SQLite, ${url.slice('sqlite:'.length)}` : `PostgreSQL, ${redactUrl(url)}`;

export const setupLine = (setupUrl: string) =>
  `No admin yet: open ${setupUrl} to create the first admin (or run: npm run gazette -- create-admin)`;

export function startBanner(config: Config, listening: string, setupUrl: string | undefined, rateLimits?: string): string {
  const rows: [string, string][] = [
    ['Site', `${config.baseUrl}   (listening on ${listening})`],
    ['Database', describeDatabase(config.databaseUrl)],
    ...(config.workers > 1
      ? [['Processes', `${config.workers} workers (GAZETTE_WORKERS)${rateLimits ? `; rate limits counted in: ${rateLimits}` : ''}`] as [string, string]]
      : []),
    ['Mail', config.smtpUrl ? `sent through ${redactUrl(config.smtpUrl)}` : 'kept in the outbox at /admin/outbox (SMTP_URL is not set)'],
    ...(setupUrl ? [['First run', `open ${setupUrl} to create the first admin`] as [string, string]] : []),
  ];
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  return `\nGazette is running (${config.production ? 'production' : 'development'})\n${rows.map(([k, v]) => `  ${`${k}:`.padEnd(width)}${v}`).join('\n')}\n\n`;
}
