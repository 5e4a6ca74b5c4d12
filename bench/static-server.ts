// Fallback static baseline when nginx is not installed: a bare node:http server that serves the
// *.html files of a directory from memory. Run as a child process (so it does not share the
// event loop with autocannon): node --import tsx bench/static-server.ts <dir> <port>
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const [dir, portArg] = process.argv.slice(2);
if (!dir || !portArg) {
  console.error('usage: static-server.ts <dir> <port>');
  process.exit(2);
}

const files = new Map<string, Buffer>();
for (const name of fs.readdirSync(dir)) {
  if (name.endsWith('.html')) files.set(`/${name}`, fs.readFileSync(path.join(dir, name)));
}

const server = http.createServer((req, res) => {
  const body = files.get((req.url ?? '/').split('?')[0]!);
  if (!body) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(portArg), '127.0.0.1');
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => server.close(() => process.exit(0)));
