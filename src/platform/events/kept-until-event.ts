// Values read from the database and kept in memory until a domain event says they changed: the one mechanism
// behind the comments' shared thread pages and the articles kept by slug.
//
// Each kept value has a subject ("article:12"); an event about that subject drops it, on every instance (the
// bus's onAny runs after commit for this instance's events and for other instances' as they arrive). What an
// event reaches is the owner's choice: nothing, its subject's values, or everything kept. A read during which
// an event reached anything is not kept (it may hold the state before the change). An owner may bring a value
// up to date from the event itself instead of dropping it (patch: a vote's counts). A value is also read again
// after `maxAgeMs` (changes made without an event, by hand in the database), the least recently used go first
// past `maxEntries`, and an optional weight bounds the whole (a value heavier than a quarter of it is not kept).
import type { DomainEvent, EventBus } from './event-bus.js';

export type EventReach = 'nothing' | 'subject' | 'everything';

export interface KeptUntilEventOptions<V> {
  events: EventBus;
  now: () => number;
  /** The subject whose events drop this value. */
  subjectOf: (value: V) => string;
  /** What an event changes among the values kept. */
  reach: (e: DomainEvent) => EventReach;
  /**
   * For an event that reaches a subject: brings one of its values up to date in place and says 'kept', or says
   * 'drop' (the default without it). Only for changes the event itself carries in full (a vote's new counts).
   */
  patch?: (value: V, e: DomainEvent) => 'kept' | 'drop';
  maxAgeMs: number;
  maxEntries: number;
  /** A value's share of `maxWeight` (default: none). */
  weightOf?: (value: V) => number;
  maxWeight?: number;
}

interface Entry<V> { value: V; subject: string; loadedAt: number; weight: number }

export function createKeptUntilEvent<V>(opts: KeptUntilEventOptions<V>) {
  const entries = new Map<string, Entry<V>>();
  const keysOfSubject = new Map<string, Set<string>>();
  const maxWeight = opts.maxWeight ?? Infinity;
  let weight = 0;
  let epoch = 0;

  function remove(key: string) {
    const e = entries.get(key);
    if (!e) return;
    entries.delete(key);
    weight -= e.weight;
    const keys = keysOfSubject.get(e.subject)!;
    keys.delete(key);
    if (keys.size === 0) keysOfSubject.delete(e.subject);
  }

  opts.events.onAny((e) => {
    const reach = opts.reach(e);
    if (reach === 'nothing') return;
    epoch++;
    if (reach === 'everything') {
      entries.clear();
      keysOfSubject.clear();
      weight = 0;
    } else if (e.subject !== null) {
      for (const key of [...(keysOfSubject.get(e.subject) ?? [])]) {
        if (opts.patch?.(entries.get(key)!.value, e) !== 'kept') remove(key);
      }
    }
  });

  return {
    /** The value kept under `key`, or read by `load` (and kept unless undefined or an event came meanwhile). */
    async get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
      const now = opts.now();
      const kept = entries.get(key);
      if (kept && now - kept.loadedAt < opts.maxAgeMs) {
        entries.delete(key);
        entries.set(key, kept); // most recently used
        return kept.value;
      }
      const startedAt = epoch;
      const value = await load();
      if (value === undefined || startedAt !== epoch) return value;
      const w = opts.weightOf?.(value) ?? 0;
      if (w > maxWeight / 4) return value;
      remove(key);
      const subject = opts.subjectOf(value);
      entries.set(key, { value, subject, loadedAt: now, weight: w });
      let keys = keysOfSubject.get(subject);
      if (!keys) keysOfSubject.set(subject, (keys = new Set()));
      keys.add(key);
      weight += w;
      while (entries.size > opts.maxEntries || weight > maxWeight) remove(entries.keys().next().value!);
      return value;
    },
    /** Values kept (tests). */
    get size() { return entries.size; },
    /** Their weight together (tests). */
    get weight() { return weight; },
  };
}
