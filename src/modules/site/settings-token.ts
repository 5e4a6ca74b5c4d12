// A short token for the site's settings in a cache key: it changes whenever their fingerprint does (the
// fingerprint is the whole settings as JSON, too long to put in every key or to hash per request).
export function settingsToken(fingerprint: () => string): () => number {
  let last: string | undefined;
  let token = 0;
  return () => {
    const current = fingerprint();
    if (current !== last) { last = current; token++; }
    return token;
  };
}
