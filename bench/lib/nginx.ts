// The ceiling: nginx serving, from files, the very bytes Gazette answered with (body and the headers it
// sends), so that Gazette / nginx compares Gazette with the fastest way this machine serves that response.
import fs from 'node:fs';
import path from 'node:path';
import { spawnManaged, type CpuPin, type Managed } from './procs.js';

export interface CeilingFile {
  /** URL path, also the file's name under the document root (e.g. `/article.html.br`). */
  urlPath: string;
  body: Buffer;
  /** Headers to send as they are (add_header), besides those nginx sets itself. */
  headers: readonly (readonly [string, string])[];
}

/** Response headers nginx sets itself (or that belong to the connection), so not mirrored with add_header. */
const OWN_HEADERS = new Set(['date', 'content-length', 'content-type', 'connection', 'keep-alive', 'transfer-encoding', 'server', 'last-modified', 'accept-ranges']);

/** Gazette's response headers (raw name/value pairs) that nginx should send too. */
export function headersToMirror(rawHeaders: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (!OWN_HEADERS.has(rawHeaders[i]!.toLowerCase())) out.push([rawHeaders[i]!, rawHeaders[i + 1]!]);
  }
  return out;
}

/** A double-quoted nginx string; `$` goes through the $dollar variable defined in the config. */
const quote = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\$/g, '${dollar}')}"`;

export interface Nginx {
  proc: Managed;
  base: string;
  /** The configuration in use. */
  conf(): string;
  errorLog(): string;
  /** Serves new files (a new document root and configuration) after a graceful reload (SIGHUP). */
  update(files: readonly CeilingFile[]): void;
}

export interface NginxOptions {
  nginx: string;
  /** A private temp dir (its parent is made world-traversable so the unprivileged workers can read the files). */
  dir: string;
  port: number;
  workers: number | 'auto';
  files: readonly CeilingFile[];
  pin?: CpuPin;
}

export function startNginx(o: NginxOptions): Nginx {
  const t = (name: string) => path.join(o.dir, name);
  fs.mkdirSync(o.dir, { recursive: true });
  // Workers drop to the unprivileged default user when started as root: let them reach the files
  // (the bench's temp dir, made by mkdtemp, is 0700).
  for (const d of [path.dirname(o.dir), o.dir]) fs.chmodSync(d, (fs.statSync(d).mode & 0o777) | 0o711);
  let generation = 0;
  let conf = '';
  /** Each set of files gets its own document root, so workers of the previous generation keep theirs. */
  const write = (files: readonly CeilingFile[]) => {
    const root = t(`root-${++generation}`);
    fs.mkdirSync(root);
    fs.chmodSync(root, 0o755);
    const locations: string[] = [];
    for (const f of files) {
      if (!/^\/[\w.-]+$/.test(f.urlPath)) throw new Error(`ceiling file path ${JSON.stringify(f.urlPath)}: expected /name`);
      const file = path.join(root, f.urlPath.slice(1));
      fs.writeFileSync(file, f.body);
      fs.chmodSync(file, 0o644);
      locations.push(`    location = ${f.urlPath} {\n${f.headers.map(([k, v]) => `      add_header ${k} ${quote(v)};\n`).join('')}    }`);
    }
    conf = configuration({ t, port: o.port, workers: o.workers, root, locations });
    fs.writeFileSync(t('nginx.conf'), conf);
  };
  write(o.files);
  const args = ['-c', t('nginx.conf'), '-p', `${o.dir}/`, '-e', t('error.log')];
  const proc = spawnManaged('nginx', o.nginx, args, { cwd: o.dir, pin: o.pin });
  return {
    proc,
    base: `http://127.0.0.1:${o.port}`,
    conf: () => conf,
    errorLog: () => readLog(t('error.log')),
    update(files) {
      write(files);
      proc.child.kill('SIGHUP');
    },
  };
}

/** An nginx error log's text ('' before nginx wrote one). */
export function readLog(file: string): string {
  try { return fs.readFileSync(file, 'utf8').trim(); } catch { return ''; }
}

function configuration(o: { t: (name: string) => string; port: number; workers: number | 'auto'; root: string; locations: string[] }): string {
  const { t } = o;
  return `daemon off;
master_process on;
worker_processes ${o.workers};
error_log ${t('error.log')} warn;
pid ${t('nginx.pid')};
events { worker_connections 1024; }
http {
  access_log off;
  # Tuned as a static server would be: no per-request open()/fstat() of the files, sendfile, full packets.
  open_file_cache max=64 inactive=600s;
  open_file_cache_valid 600s;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  # Default is 1000: raised so that, like Node, nginx does not close busy keep-alive connections mid-run.
  keepalive_requests 1000000;
  # Gazette's own ETag is mirrored below; nginx adds Last-Modified (a few bytes more on the wire).
  etag off;
  server_tokens off;
  types { }
  default_type text/html;
  charset utf-8;
  geo $dollar { default "$"; }
  client_body_temp_path ${t('client_body')};
  proxy_temp_path ${t('proxy')};
  fastcgi_temp_path ${t('fastcgi')};
  uwsgi_temp_path ${t('uwsgi')};
  scgi_temp_path ${t('scgi')};
  server {
    listen 127.0.0.1:${o.port};
    root ${o.root};
${o.locations.join('\n')}
    location / { return 404; }
  }
}
`;
}
