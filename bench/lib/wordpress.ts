// The WordPress row of `npm run bench`: Debian's WordPress (package `wordpress`, 6.1) with its default theme
// (Twenty Twenty-Three), served by nginx and PHP-FPM (opcache on, as Debian ships it) from MariaDB, holding the
// same article and the same comments (names, texts, dates, threads) as the Gazette page it is compared with.
// No page-cache plugin: what a WordPress + wpDiscuz site answers without one.
//
// Everything is private to the run: a MariaDB database `gazette_bench_wp_<random>` (dropped at the end), a
// config file /etc/wordpress/config-<name>.php (Debian's wp-config.php picks it by the WORDPRESS_CONFIG
// FastCGI parameter; removed at the end), and a PHP-FPM and an nginx of the bench's own in its temp dir.
// `bench/install-tools.sh --wordpress` installs the packages; without them the row is skipped with a message.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnManaged, type CpuPin, type Managed } from './procs.js';
import { findExecutable, versionLine } from './tools.js';

const WP_ROOT = '/usr/share/wordpress';
const WP_CONFIG_DIR = '/etc/wordpress';

export interface WordPressTools { php: string; phpFpm: string; mysql: string; nginx: string; version: string }

/** The programs the WordPress row needs, or why it cannot run. */
export function findWordPress(nginx: string): WordPressTools | string {
  const php = findExecutable('php');
  const phpFpm = ['php-fpm8.2', 'php-fpm8.3', 'php-fpm'].map(findExecutable).find(Boolean) ?? null;
  const mysql = findExecutable('mariadb') ?? findExecutable('mysql');
  const missing = [
    !fs.existsSync(path.join(WP_ROOT, 'wp-settings.php')) && 'wordpress',
    !php && 'php-cli',
    !phpFpm && 'php-fpm',
    !mysql && 'mariadb-client',
  ].filter(Boolean);
  if (missing.length) return `missing ${missing.join(', ')} (bench/install-tools.sh --wordpress installs them)`;
  try {
    execFileSync(mysql!, ['-uroot', '-e', 'select 1'], { stdio: 'ignore', timeout: 5000 });
  } catch {
    return 'MariaDB does not answer `mysql -uroot` on its socket (start it: start-stop-daemon --start --background --exec /usr/sbin/mariadbd)';
  }
  const version = /\$wp_version = '([^']+)'/.exec(fs.readFileSync(path.join(WP_ROOT, 'wp-includes/version.php'), 'utf8'))?.[1] ?? '?';
  return { php: php!, phpFpm: phpFpm!, mysql: mysql!, nginx, version: `WordPress ${version}, PHP ${/PHP (\S+)/.exec(versionLine(php!, ['-v']) ?? '')?.[1] ?? '?'}` };
}

export interface WpComment { id: number; parentId: number | null; authorName: string; bodyHtml: string; createdAt: string }

export interface WordPress {
  /** The article's address (with its 200 comments on one page, threaded). */
  url: string;
  pids(): number[];
  procs: Managed[];
  stop(): Promise<void>;
}

const phpString = (s: string) => `'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`;

/**
 * Installs WordPress into a new database, writes the article and its comments (replies under their parents,
 * with Gazette's dates) and serves it on `port`. `pin` runs PHP-FPM and nginx on the server's CPUs.
 */
export async function startWordPress(o: {
  tools: WordPressTools; dir: string; port: number; fpmWorkers: number;
  article: { title: string; html: string; publishedAt: string }; comments: readonly WpComment[];
  pin?: CpuPin;
}): Promise<WordPress> {
  const name = `gazettebench${crypto.randomBytes(4).toString('hex')}`;
  const db = `gazette_bench_wp_${name.slice(-8)}`;
  const t = (f: string) => path.join(o.dir, f);
  fs.mkdirSync(o.dir, { recursive: true });
  for (const d of [path.dirname(o.dir), o.dir]) fs.chmodSync(d, (fs.statSync(d).mode & 0o777) | 0o711);
  const configFile = path.join(WP_CONFIG_DIR, `config-${name}.php`);
  const procs: Managed[] = [];
  const cleanup = async () => {
    for (const p of procs) await p.stop('SIGTERM', 5000);
    try { fs.rmSync(configFile, { force: true }); } catch { /* gone */ }
    try { execFileSync(o.tools.mysql, ['-uroot', '-e', `drop database if exists ${db}`], { stdio: 'ignore', timeout: 30_000 }); } catch { /* best effort */ }
  };
  process.once('exit', () => { try { fs.rmSync(configFile, { force: true }); } catch { /* gone */ } });
  try {
    execFileSync(o.tools.mysql, ['-uroot', '-e', `create database ${db} character set utf8mb4`], { timeout: 30_000 });
    const salt = () => phpString(crypto.randomBytes(32).toString('base64'));
    fs.mkdirSync(WP_CONFIG_DIR, { recursive: true });
    // PHP-FPM runs as root here (the bench runs as root on a throw-away machine), so MariaDB's root account
    // answers on its socket without a password.
    fs.writeFileSync(configFile, `<?php
define('DB_NAME', '${db}');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', 'localhost');
${['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'].map((k) => `define('${k}', ${salt()});`).join('\n')}
define('WP_HOME', 'http://127.0.0.1:${o.port}');
define('WP_SITEURL', 'http://127.0.0.1:${o.port}');
define('WP_CONTENT_DIR', '${t('wp-content')}');
define('WP_CONTENT_URL', 'http://127.0.0.1:${o.port}/wp-content');
define('DISABLE_WP_CRON', true);
// The host as the browser sent it, port included (it arrives here without the port, and WordPress then sends
// every request on to the address with the port: a redirect to itself).
if (isset($_SERVER['HTTP_HOST'])) $_SERVER['HTTP_HOST'] = '127.0.0.1:${o.port}';
define('WP_HTTP_BLOCK_EXTERNAL', true);
`);
    // A wp-content of the run's own (uploads, caches), with Debian's themes.
    fs.mkdirSync(t('wp-content'), { recursive: true });
    fs.symlinkSync(path.join(WP_ROOT, 'wp-content', 'themes'), t('wp-content/themes'));
    // Install, then the article and its comments, with WordPress's own functions.
    fs.writeFileSync(t('data.json'), JSON.stringify({ article: o.article, comments: o.comments }));
    fs.writeFileSync(t('install.php'), `<?php
$_SERVER['HTTP_HOST'] = '127.0.0.1';
$_SERVER['WORDPRESS_CONFIG'] = ${phpString(name)};
$_SERVER['REQUEST_URI'] = '/';
define('WP_INSTALLING', true);
// No mail from the install (the machine has no sendmail): WordPress's pluggable wp_mail, replaced.
function wp_mail() { return true; }
require ${phpString(path.join(WP_ROOT, 'wp-load.php'))};
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$data = json_decode(file_get_contents(${phpString(t('data.json'))}), true);
wp_install('Gazette bench', 'admin', 'admin@example.org', true, '', wp_generate_password(24));
update_option('thread_comments', 1);
update_option('thread_comments_depth', 5);
update_option('page_comments', 0);
update_option('comment_moderation', 0);
update_option('comments_notify', 0);
update_option('moderation_notify', 0);
$when = gmdate('Y-m-d H:i:s', strtotime($data['article']['publishedAt']));
$post = wp_insert_post(['post_title' => $data['article']['title'], 'post_content' => $data['article']['html'], 'post_status' => 'publish', 'post_author' => 1, 'post_date_gmt' => $when, 'post_date' => $when, 'comment_status' => 'open'], true);
if (is_wp_error($post)) { fwrite(STDERR, $post->get_error_message()); exit(1); }
$ids = [];
foreach ($data['comments'] as $c) {
  $at = gmdate('Y-m-d H:i:s', strtotime($c['createdAt']));
  $parent = $c['parentId'] === null ? 0 : ($ids[$c['parentId']] ?? 0);
  $ids[$c['id']] = wp_insert_comment(['comment_post_ID' => $post, 'comment_author' => $c['authorName'], 'comment_author_email' => '', 'comment_content' => $c['bodyHtml'], 'comment_parent' => $parent, 'comment_approved' => 1, 'comment_date' => $at, 'comment_date_gmt' => $at]);
}
echo $post;
`);
    const postId = execFileSync(o.tools.php, [t('install.php')], { encoding: 'utf8', timeout: 120_000 }).trim().split('\n').pop()!;
    if (!/^\d+$/.test(postId)) throw new Error(`WordPress install printed ${JSON.stringify(postId.slice(0, 300))}`);

    fs.writeFileSync(t('php-fpm.conf'), `[global]
pid = ${t('php-fpm.pid')}
error_log = ${t('php-fpm.log')}
daemonize = no
[bench]
user = root
group = root
listen = ${t('php.sock')}
listen.mode = 0666
pm = static
pm.max_children = ${o.fpmWorkers}
pm.max_requests = 0
`);
    const run = (label: string, cmd: string, args: string[]) => {
      const m = spawnManaged(label, cmd, args, { cwd: o.dir, pin: o.pin });
      procs.push(m);
      return m;
    };
    run('php-fpm', o.tools.phpFpm, ['--allow-to-run-as-root', '--nodaemonize', '--fpm-config', t('php-fpm.conf')]);
    fs.writeFileSync(t('nginx-wp.conf'), `daemon off;
worker_processes 1;
error_log ${t('nginx-wp-error.log')} warn;
pid ${t('nginx-wp.pid')};
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path ${t('wp_client_body')};
  fastcgi_temp_path ${t('wp_fastcgi')};
  proxy_temp_path ${t('wp_proxy')};
  uwsgi_temp_path ${t('wp_uwsgi')};
  scgi_temp_path ${t('wp_scgi')};
  include /etc/nginx/mime.types;
  server {
    listen 127.0.0.1:${o.port};
    root ${WP_ROOT};
    index index.php;
    location / { try_files $uri $uri/ /index.php?$args; }
    location ~ \\.php$ {
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
      fastcgi_param WORDPRESS_CONFIG ${name};
      fastcgi_pass unix:${t('php.sock')};
    }
  }
}
`);
    run('nginx-wp', o.tools.nginx, ['-c', t('nginx-wp.conf'), '-p', `${o.dir}/`, '-e', t('nginx-wp-error.log')]);
    return { url: `http://127.0.0.1:${o.port}/?p=${postId}`, procs, pids: () => procs.map((p) => p.child.pid!).filter(Boolean), stop: cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
