// Request bodies as browsers send them, for app.inject.
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** An application/x-www-form-urlencoded body. */
export const form = (fields: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();

/** A multipart/form-data body built by the platform's own encoder. */
export async function multipart(fields: Record<string, string | { data: Buffer; name: string; type: string }>) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string') body.append(k, v);
    else body.append(k, new Blob([new Uint8Array(v.data)], { type: v.type }), v.name);
  }
  const req = new Request('http://localhost/upload', { method: 'POST', body });
  return { payload: Buffer.from(await req.arrayBuffer()), headers: { 'content-type': req.headers.get('content-type')! } };
}

/** A multipart body assembled by hand, so it can be broken in ways a real encoder never would. */
export function rawMultipart(boundary: string, parts: { name: string; filename?: string; type?: string; data: Buffer | string }[], end = true): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data));
    chunks.push(Buffer.from('\r\n'));
  }
  if (end) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
