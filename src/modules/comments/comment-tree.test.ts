import { describe, expect, it } from 'vitest';
import { buildThreads, compareThreads, countNodes, decodeCursor, encodeCursor, type TreeInput } from './comment-tree.js';

const c = (id: number, parentId: number | null, minute: number, up = 0, down = 0, deleted = false): TreeInput => ({
  id, parentId, createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(), up, down, deleted,
});

describe('thread ordering', () => {
  const items = [c(1, null, 5, 3, 0), c(2, null, 1, 10, 9), c(3, null, 9, 0, 0), c(4, null, 5, 3, 0)];
  const ids = (sort: 'newest' | 'oldest' | 'votes') => [...items].sort(compareThreads(sort)).map((x) => x.id);
  it('newest first, ties by higher id', () => expect(ids('newest')).toEqual([3, 4, 1, 2]));
  it('oldest first, ties by lower id', () => expect(ids('oldest')).toEqual([2, 1, 4, 3]));
  it('most voted by net score, ties by lower id', () => expect(ids('votes')).toEqual([1, 4, 2, 3]));
});

describe('buildThreads', () => {
  it('nests replies at any depth and orders them as a conversation', () => {
    const roots = [c(10, null, 50), c(1, null, 0)];
    const replies = [c(12, 10, 53), c(11, 10, 51), c(13, 11, 52), c(2, 1, 3)];
    const t = buildThreads(roots, replies, 'newest');
    expect(t.map((x) => x.id)).toEqual([10, 1]);
    expect(t[0]!.replies.map((x) => x.id)).toEqual([11, 12]);
    expect(t[0]!.replies[0]!.replies.map((x) => x.id)).toEqual([13]);
    expect(countNodes(t)).toBe(6);
  });

  it('orders replies by votes under Most Voted', () => {
    const t = buildThreads([c(1, null, 0)], [c(2, 1, 1, 0, 0), c(3, 1, 2, 5, 0)], 'votes');
    expect(t[0]!.replies.map((x) => x.id)).toEqual([3, 2]);
  });

  it('keeps a deleted comment only while replies stand under it', () => {
    const t = buildThreads([c(1, null, 0, 0, 0, true), c(5, null, 1, 0, 0, true)], [c(2, 1, 1), c(6, 5, 2, 0, 0, true)], 'oldest');
    expect(t.map((x) => x.id)).toEqual([1]);
    expect(t[0]!.replies.map((x) => x.id)).toEqual([2]);
  });

  it('drops replies whose parent is missing', () => {
    expect(countNodes(buildThreads([c(1, null, 0)], [c(3, 99, 1)], 'oldest'))).toBe(1);
  });
});

describe('cursors', () => {
  it('round-trip', () => {
    const cur = { sort: 'votes' as const, key: -3, id: 17 };
    expect(decodeCursor(encodeCursor(cur))).toEqual(cur);
    const t = { sort: 'newest' as const, key: '2026-01-01T00:00:00.000Z', id: 4 };
    expect(decodeCursor(encodeCursor(t))).toEqual(t);
  });
  it.each(['', 'garbage', Buffer.from('[1,2]').toString('base64url'), Buffer.from('["votes","x",1]').toString('base64url'),
    Buffer.from('["newest","not a date",1]').toString('base64url'), Buffer.from('["oldest","2026-01-01T00:00:00Z",-1]').toString('base64url')])(
    'rejects %j', (raw) => expect(decodeCursor(raw)).toBeUndefined());
  it.each([
    ['an id beyond the database integer', ['newest', '2026-01-01T00:00:00.000Z', 2147483648]],
    ['a score beyond the database integer', ['votes', 2147483648, 1]],
    ['a score below the database integer', ['votes', -2147483649, 1]],
    ['a time with a NUL byte', ['oldest', '2026-01-01T00:00:00.000Z\u0000', 1]],
    ['a time not as stored', ['newest', 'Thu Jan 01 2026', 1]],
    ['a fractional id', ['newest', '2026-01-01T00:00:00.000Z', 1.5]],
  ])('rejects a cursor with %s (the database could not compare it)', (_name, value) => {
    expect(decodeCursor(Buffer.from(JSON.stringify(value)).toString('base64url'))).toBeUndefined();
  });
  it('accepts the edges of the database integer range', () => {
    const edge = { sort: 'votes' as const, key: -2147483648, id: 2147483647 };
    expect(decodeCursor(encodeCursor(edge))).toEqual(edge);
  });
});
