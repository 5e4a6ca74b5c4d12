// The native programs the article page bench runs as separate processes: wrk (load generator), nginx (the
// ceiling), taskset (CPU pinning). Missing ones stop the bench with the Debian packages to install; there is
// no fallback to a generator or a static server inside Node.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface Tools {
  wrk: string;
  wrkVersion: string | null;
  nginx: string;
  nginxVersion: string | null;
  /** Only looked up when pinning is on. */
  taskset: string | null;
}

const EXTRA_DIRS = ['/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin', '/bin', '/sbin'];

export function findExecutable(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch { /* not here */ }
  }
  return null;
}

/** First line a program prints for `args`, from stdout or stderr (nginx -v writes to stderr). */
export function versionLine(file: string, args: string[]): string | null {
  try {
    const out = execFileSync('sh', ['-c', '"$0" "$@" 2>&1; true', file, ...args], { encoding: 'utf8', timeout: 5000 });
    return out.split('\n').find((l) => l.trim())?.trim() ?? null;
  } catch {
    return null;
  }
}

export function findTools(opts: { pin: boolean }): Tools {
  const wrk = findExecutable('wrk');
  const nginx = findExecutable('nginx');
  const taskset = opts.pin ? findExecutable('taskset') : null;
  const missing: string[] = [];
  if (!wrk) missing.push('wrk (the load generator; Debian package `wrk`)');
  if (!nginx) missing.push('nginx (the ceiling: serves the same bytes; Debian package `nginx-light` or `nginx`)');
  if (opts.pin && !taskset) missing.push('taskset (CPU pinning; Debian package `util-linux`), or run with BENCH_PIN=none');
  if (missing.length > 0) {
    throw new Error(
      `The article page bench needs native programs that are not installed:\n  - ${missing.join('\n  - ')}\n` +
      'Install them with `bench/install-tools.sh` (on Debian: apt-get install -y wrk nginx-light). ' +
      'The bench does not fall back to a load generator or a static server inside Node: those measure Node, not the server.',
    );
  }
  return {
    wrk: wrk!,
    // `wrk -v` prints "wrk debian/4.1.0-3+b2 [epoll] Copyright …"
    wrkVersion: versionLine(wrk!, ['-v'])?.replace(/\s*Copyright.*$/, '').replace(/^wrk\s+/, '') ?? null,
    nginx: nginx!,
    nginxVersion: versionLine(nginx!, ['-v'])?.replace(/^nginx version:\s*(nginx\/)?/, '') ?? null,
    taskset,
  };
}
