// deploy/nginx.conf is a configuration nginx accepts (checked when nginx is installed: bench/install-tools.sh).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const nginx = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));

describe('deploy/nginx.conf', () => {
  it.skipIf(!nginx)('passes nginx -t', () => {
    const run = spawnSync(nginx!, ['-t', '-c', path.resolve('deploy/nginx.conf')], { encoding: 'utf8' });
    expect(run.stderr).toContain('test is successful');
    expect(run.status).toBe(0);
  });
});
