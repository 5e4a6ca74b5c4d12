// Small JSON client for the public API, used by the islands.
export interface ApiError { code: string; message: string; field?: string }

export class ApiFailure extends Error {
  constructor(readonly error: ApiError, readonly status: number) { super(error.message); }
}

let csrfToken: string | undefined;
/** A signed-in reader's requests carry the session's CSRF token. */
export function setCsrfToken(token: string | undefined) { csrfToken = token; }

export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(csrfToken && method !== 'GET' && { 'x-csrf-token': csrfToken }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiFailure({ code: 'NETWORK', message: 'Could not reach the server. Please try again.' }, 0);
  }
  const data = (await res.json().catch(() => ({}))) as { error?: ApiError };
  if (!res.ok) throw new ApiFailure(data.error ?? { code: 'HTTP_' + res.status, message: 'Something went wrong.' }, res.status);
  return data as T;
}
