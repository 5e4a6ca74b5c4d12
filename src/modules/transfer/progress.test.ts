// The progress bar draws only on a terminal; the summary names counts per kind, renamed slugs and skip reasons.
import { describe, expect, it } from 'vitest';
import { formatSummary, newSummary, progressBar } from './progress.js';

const streamOf = (isTTY: boolean) => {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (s: string) => { written.push(s); return true; } } as unknown as NodeJS.WriteStream };
};

describe('import progress and summary', () => {
  it('draws a bar on a terminal and nothing on a pipe', () => {
    const tty = streamOf(true);
    const bar = progressBar(tty.stream);
    bar.start(2, 'posts');
    bar.tick();
    bar.tick();
    bar.done();
    expect(tty.written[0]).toBe('\r[..............................] 0/2 posts\u001b[K');
    expect(tty.written).toContain('\r[##############################] 2/2 posts\u001b[K');
    expect(tty.written.at(-1)).toBe('\r\u001b[K');
    const pipe = streamOf(false);
    const quiet = progressBar(pipe.stream);
    quiet.start(2, 'posts');
    quiet.tick();
    quiet.done();
    expect(pipe.written).toEqual([]);
  });

  it('summarises counts, renamed slugs and skipped items grouped by reason', () => {
    const s = newSummary('wordpress');
    s.created.posts = 3;
    s.existing.posts = 1;
    s.renamed.push({ from: 'market', to: 'market-2' });
    s.skipped.push({ kind: 'posts', id: '13', reason: 'status "trash"' }, { kind: 'posts', id: '14', reason: 'status "trash"' });
    expect(formatSummary(s)).toBe([
      'Imported from WordPress:', '  posts             3 new, 1 already here',
      'Slugs taken here already, so changed (1):', '  market → market-2',
      'Skipped (2):', '  posts: status "trash" (2: 13, 14)', '',
    ].join('\n'));
  });
});
