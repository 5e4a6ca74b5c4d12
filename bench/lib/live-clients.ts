// The live bench's client process: holds N Server-Sent Events streams on one article over raw TCP (one
// connection each, a plain HTTP/1.1 GET, no parsing beyond looking for a marker), and tells the bench (IPC)
// when each stream received a message containing that marker, as wall-clock milliseconds
// (performance.timeOrigin + performance.now(), comparable with the bench process on the same machine).
import net from 'node:net';

interface Stream { socket: net.Socket; ready: boolean; tail: string; got: number | undefined }

const streams: Stream[] = [];
let marker: string | undefined;
let reported = false;
const now = () => performance.timeOrigin + performance.now();

function report() {
  if (reported || marker === undefined) return;
  reported = true;
  process.send?.({ type: 'got', times: streams.map((s) => s.got ?? null) });
}

function openOne(host: string, port: number, path: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port }, () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nAccept: text/event-stream\r\n\r\n`);
    });
    const s: Stream = { socket, ready: false, tail: '', got: undefined };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      const text = s.tail + chunk;
      if (!s.ready) {
        if (!text.startsWith('HTTP/1.1 200')) { socket.destroy(); reject(new Error(`stream refused: ${text.slice(0, 200)}`)); return; }
        if (text.includes('retry:')) { s.ready = true; resolve(s); }
      }
      if (marker !== undefined && s.got === undefined && text.includes(marker)) {
        s.got = now();
        if (streams.every((x) => x.got !== undefined)) report();
      }
      s.tail = text.slice(-200);
    });
    socket.on('error', (err) => { if (!s.ready) reject(err); });
  });
}

process.on('message', async (m: { type: string; host: string; port: number; path: string; n: number; parallel: number; marker: string; timeoutMs: number }) => {
  if (m.type === 'open') {
    let failed = 0;
    let next = 0;
    const worker = async () => {
      while (next < m.n) {
        next++;
        try { streams.push(await openOne(m.host, m.port, m.path)); } catch { failed++; }
      }
    };
    await Promise.all(Array.from({ length: m.parallel }, worker));
    process.send?.({ type: 'opened', open: streams.length, failed });
  } else if (m.type === 'expect') {
    for (const s of streams) s.got = undefined;
    reported = false;
    marker = m.marker;
    setTimeout(report, m.timeoutMs);
  } else if (m.type === 'close') {
    for (const s of streams) s.socket.destroy();
    process.send?.({ type: 'closed' }, () => process.exit(0));
  }
});
process.send?.({ type: 'started' });
