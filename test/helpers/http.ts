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
