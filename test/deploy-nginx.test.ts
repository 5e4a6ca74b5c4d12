// deploy/nginx.conf (a caching proxy) and deploy/nginx-instances.conf (several instances) are configurations
// nginx accepts (checked when nginx is installed: bench/install-tools.sh).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const nginx = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));

describe.each(['deploy/nginx.conf', 'deploy/nginx-instances.conf'])('%s', (file) => {
  it.skipIf(!nginx)('passes nginx -t', () => {
    const run = spawnSync(nginx!, ['-t', '-c', path.resolve(file)], { encoding: 'utf8' });
    expect(run.stderr).toContain('test is successful');
    expect(run.status).toBe(0);
  });
});
