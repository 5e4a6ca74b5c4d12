// Entry point: read configuration, wait for the database, then either serve in this process or, with
// GAZETTE_WORKERS > 1, run the cluster primary (platform/cluster/primary.ts), which starts that many worker
// processes running this same file. A worker (or the single process) builds the app, listens, and shuts
// down gracefully on SIGINT/SIGTERM. Exit statuses: 78 (EX_CONFIG) for bad configuration, 69
// (EX_UNAVAILABLE) when the database cannot be reached; after a signal 0 once drained, 1 when draining
// failed or took longer than SHUTDOWN_TIMEOUT_MS.
import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DatabaseUnavailableError, waitForDatabase } from './platform/db/wait.js';
import { primaryLog, runPrimary } from './platform/cluster/primary.js';
import { joinCluster, type ClusterWorker } from './platform/cluster/worker.js';
import { setupLine, startBanner } from './start-banner.js';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78);
  }
  throw err;
}

if (cluster.isPrimary) {
  // Waited for once, by the primary: workers start against a database that answers.
  try {
    await waitForDatabase(config.databaseUrl, { waitSeconds: config.databaseWaitSeconds, log: (line) => console.error(line) });
  } catch (err) {
    if (err instanceof DatabaseUnavailableError) {
      console.error(err.message);
      process.exit(69);
    }
    throw err;
  }
}

if (cluster.isPrimary && config.workers > 1) {
  runPrimary({ workers: config.workers, shutdownTimeoutMs: config.shutdownTimeoutMs, log: primaryLog(config.logLevel) });
} else {
  // A signal before the app is built (a worker still starting when the cluster stops): nothing to drain yet.
  let onSignal: (signal: NodeJS.Signals) => void = () => process.exit(0);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => onSignal(signal));
  await serve(config, cluster.isWorker ? await joinCluster() : undefined, (handler) => { onSignal = handler; });
}

/** Builds the app and listens; in a cluster `member` says whether this worker runs the jobs and speaks at start. */
async function serve(config: Config, member: ClusterWorker | undefined, onSignal: (handler: (signal: NodeJS.Signals) => void) => void) {
  const leads = member?.runsJobs ?? true;
  // Loaded here, not at the top: the cluster primary never loads the app (it starts in a fraction of the time).
  const { buildApp } = await import('./app.js');
  const gazette = await buildApp(config, { startJobs: leads, cluster: member });

  // Listening, then announcing the set-up address: a signal that arrives meanwhile waits for this to
  // finish before closing, so a stop requested early is still graceful (exit 0).
  const started = (async () => {
    await gazette.app.listen({ port: config.port, host: config.host });
    if (member) gazette.app.log.info({ runsJobs: member.runsJobs, rateLimits: gazette.rateLimits.kind }, `cluster worker ${member.runsJobs ? 'running the jobs' : 'serving'}`);
    member?.ready();
    if (!leads) return;
    const setupUrl = await gazette.firstRun.setupUrl();
    const { port } = gazette.app.server.address() as AddressInfo;
    if (!config.production) process.stdout.write(startBanner(config, `${config.host}:${port}`, setupUrl, gazette.rateLimits.kind));
    if (setupUrl) gazette.app.log.warn({ setupUrl }, setupLine(setupUrl));
  })();

  let closing = false;
  onSignal((signal) => {
    if (closing) return;
    closing = true;
    gazette.app.log.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down');
    // Graceful: stop accepting, answer what is in flight, end live streams, let the current job finish,
    // close the database (gazette.close). A hard deadline in case something hangs.
    setTimeout(() => {
      gazette.app.log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    started
      .catch(() => undefined)
      .then(() => gazette.close())
      .then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
  });

  await started;
}
