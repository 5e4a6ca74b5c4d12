// A progress bar on a terminal (only when the stream is one: a log file or a pipe gets no control
// characters), and the import's summary: what came in per kind, what was there already, what was skipped
// and why, which slugs changed.

export interface Progress { start(total: number, what: string): void; tick(): void; done(): void }

export function progressBar(stream: (NodeJS.WritableStream & { isTTY?: boolean }) | undefined): Progress {
  if (!stream?.isTTY) return { start() {}, tick() {}, done() {} };
  let total = 0;
  let n = 0;
  let label = '';
  let drawnAt = 0;
  const draw = () => {
    const width = 30;
    const filled = total === 0 ? width : Math.round((n / total) * width);
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${n}/${total} ${label}\u001b[K`);
  };
  return {
    start(t, what) { total = t; n = 0; label = what; draw(); },
    tick() { n++; const now = Date.now(); if (now - drawnAt > 50 || n === total) { drawnAt = now; draw(); } },
    done() { stream.write('\r\u001b[K'); },
  };
}

export interface ImportSummary {
  source: 'wordpress' | 'disqus';
  /** New items per kind (posts, pages, comments, users, images, redirects, tags). */
  created: Record<string, number>;
  /** Items a previous run brought in already, per kind. */
  existing: Record<string, number>;
  skipped: { kind: string; id: string; reason: string }[];
  renamed: { from: string; to: string }[];
}

export function newSummary(source: ImportSummary['source']): ImportSummary {
  return { source, created: {}, existing: {}, skipped: [], renamed: [] };
}

export const count = (into: Record<string, number>, kind: string, by = 1) => { if (by > 0) into[kind] = (into[kind] ?? 0) + by; };

export function formatSummary(s: ImportSummary): string {
  const kinds = [...new Set([...Object.keys(s.created), ...Object.keys(s.existing)])];
  const lines = [`Imported from ${s.source === 'wordpress' ? 'WordPress' : 'Disqus'}:`];
  for (const k of kinds) lines.push(`  ${k.padEnd(12)} ${String(s.created[k] ?? 0).padStart(6)} new${s.existing[k] ? `, ${s.existing[k]} already here` : ''}`);
  if (s.renamed.length > 0) {
    lines.push(`Slugs taken here already, so changed (${s.renamed.length}):`);
    for (const r of s.renamed) lines.push(`  ${r.from} → ${r.to}`);
  }
  if (s.skipped.length > 0) {
    lines.push(`Skipped (${s.skipped.length}):`);
    const byReason = new Map<string, string[]>();
    for (const x of s.skipped) byReason.set(`${x.kind}: ${x.reason}`, [...(byReason.get(`${x.kind}: ${x.reason}`) ?? []), x.id]);
    for (const [reason, ids] of byReason) lines.push(`  ${reason} (${ids.length}: ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''})`);
  }
  return `${lines.join('\n')}\n`;
}
