// deploy/nginx.conf, the caching reverse proxy the README offers, run as shipped but for what a machine of
// its own would differ in: the port it listens on and Gazette's, where it keeps its cache, temp files, pid and
// log, its number of workers, and `daemon off` (a child process of the bench or the test). Each change
// replaces one line of the file; a line not found exactly once fails loudly, so the file cannot drift from
// what is measured and tested.
import fs from 'node:fs';
import path from 'node:path';
import { readLog } from './nginx.js';
import { spawnManaged, type CpuPin, type Managed } from './procs.js';

export const DEPLOY_NGINX_CONF = path.join(import.meta.dirname, '..', '..', 'deploy', 'nginx.conf');

export interface DeployNginxOptions {
  /** Where nginx listens (127.0.0.1). */
  port: number;
  /** Gazette's port on 127.0.0.1. */
  upstreamPort: number;
  /** A directory of its own: cache, temp files, pid, error log. */
  dir: string;
  workers: number | 'auto';
}

/** The text of deploy/nginx.conf (or `text`) with this machine's ports, paths and workers. */
export function runnableDeployConf(o: DeployNginxOptions, text = fs.readFileSync(DEPLOY_NGINX_CONF, 'utf8')): string {
  const d = (name: string) => path.join(o.dir, name);
  const edits: [string, string][] = [
    ['worker_processes auto;', `daemon off;\nworker_processes ${o.workers};`],
    ['pid /tmp/gazette-nginx.pid;', `pid ${d('nginx.pid')};`],
    ['error_log stderr warn;', `error_log ${d('error.log')} warn;`],
    ['/tmp/gazette-nginx-cache ', `${d('cache')} `],
    ['proxy_temp_path /tmp/gazette-nginx-temp;', `proxy_temp_path ${d('temp')};`],
    ['client_body_temp_path /tmp/gazette-nginx-body;', `client_body_temp_path ${d('body')};`],
    ['server 127.0.0.1:3000;', `server 127.0.0.1:${o.upstreamPort};`],
    ['listen 80;', `listen 127.0.0.1:${o.port};`],
  ];
  let out = text;
  for (const [from, to] of edits) {
    const n = out.split(from).length - 1;
    if (n !== 1) throw new Error(`deploy/nginx.conf: expected "${from}" once, found it ${n} times`);
    out = out.replace(from, to);
  }
  return out;
}

/** Starts nginx with the runnable deploy/nginx.conf; its directories are made writable for the workers. */
export function startDeployNginx(o: DeployNginxOptions & { nginx: string; pin?: CpuPin }): { proc: Managed; base: string; errorLog: () => string } {
  fs.mkdirSync(o.dir, { recursive: true });
  // Started as root, the workers run as an unprivileged user: they write the cache and temp files.
  for (const sub of ['cache', 'temp', 'body']) {
    fs.mkdirSync(path.join(o.dir, sub), { recursive: true });
    fs.chmodSync(path.join(o.dir, sub), 0o777);
  }
  for (const dir of [path.dirname(o.dir), o.dir]) fs.chmodSync(dir, (fs.statSync(dir).mode & 0o777) | 0o711);
  const conf = path.join(o.dir, 'nginx.conf');
  fs.writeFileSync(conf, runnableDeployConf(o));
  const args = ['-c', conf, '-p', `${o.dir}/`, '-e', path.join(o.dir, 'error.log')];
  const proc = spawnManaged('nginx-proxy', o.nginx, args, { cwd: o.dir, pin: o.pin });
  return {
    proc,
    base: `http://127.0.0.1:${o.port}`,
    errorLog: () => readLog(path.join(o.dir, 'error.log')),
  };
}
