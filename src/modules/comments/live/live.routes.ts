// GET /api/v1/articles/:slug/events: the article's discussion as Server-Sent Events (see live-messages.ts for
// what is sent). One after-commit listener per event type and process fans out to the article's open streams
// (platform/realtime); other instances' events reach this one through the event bus (NOTIFY on PostgreSQL).
//
// Resuming: the SSE id is the domain event's id. A client sends the last one back (the Last-Event-ID header, or
// `lastEventId` in the query for clients that cannot set headers; the island passes the id its page was
// rendered at). The stream is registered before the stored events after that id are read, and what is
// published meanwhile is held and sent after them without the ids already sent: nothing falls in between.
// Events written in the last RESUME_OVERLAP_MS are sent again whatever their id (a PostgreSQL transaction can
// commit after one with a higher id); every message is idempotent for the client. An id older than the kept
// events (or one this database never gave) gets `reset`: the client reloads the discussion.
import { z } from 'zod';
import type { ApiRegistry } from '../../../platform/http/api.js';
import { AppError } from '../../../platform/http/errors.js';
import type { EventBus } from '../../../platform/events/event-bus.js';
import type { SseHub, SseStream } from '../../../platform/realtime/sse.js';
import type { Clock } from '../../../platform/clock.js';
import type { Caller } from '../../accounts/index.js';
import { slugParams, type ArticlesService } from '../../articles/index.js';
import { articleSubject } from '../comments.events.js';
import type { CommentsService } from '../comments.service.js';
import { LIVE_SOURCES, liveMessageOf } from './live-messages.js';

/** Stored events sent to one resuming stream at most; further behind, it gets `reset`. */
export const RESUME_MAX_EVENTS = 1000;
/** Events this recent are sent again on resuming, whatever their id (commits out of id order). */
export const RESUME_OVERLAP_MS = 10_000;

const EVENT_ID = /^[0-9]{1,15}$/;
const eventIdQuery = z.object({
  lastEventId: z.string().regex(EVENT_ID, 'an event id (digits)').meta({ description: 'The last event id received (when the Last-Event-ID header cannot be sent)' }).optional(),
});

export interface LiveUpdatesDeps {
  api: ApiRegistry<Caller>;
  articles: ArticlesService;
  comments: CommentsService;
  events: EventBus;
  hub: SseHub;
  clock: Clock;
  /** Reports a failure while making a message (the stream goes on). */
  onError?: (err: unknown) => void;
}

const channelOf = (articleId: number) => `article:${articleId}`;

export function registerLiveUpdates({ api, articles, comments, events, hub, clock, onError }: LiveUpdatesDeps) {
  // A message costs a read and a render, made only when someone listens on this instance. The writer does not
  // wait for it (its answer would carry that time), and an article's messages go out one after the other in
  // the order the events arrive, whatever order their reads end in.
  const sending = new Map<string, Promise<void>>();
  for (const type of LIVE_SOURCES) {
    events.on(type, (e) => {
      const channel = channelOf(e.payload.articleId);
      if (!hub.has(channel)) return; // nobody is listening here: no work
      const next = (sending.get(channel) ?? Promise.resolve()).then(async () => {
        const m = await liveMessageOf(e, comments);
        if (m) hub.publish(channel, { id: e.id, ...m });
      }).catch((err: unknown) => onError?.(err));
      sending.set(channel, next);
      void next.finally(() => { if (sending.get(channel) === next) sending.delete(channel); });
    });
  }

  /** Sends a resuming stream what it missed after `after`, or a reset when that cannot be known. */
  async function catchUp(stream: SseStream, articleId: number, after: number) {
    const kept = await events.keptIds();
    const history = after > kept.newest || (after > 0 && after < kept.oldest - 1) ? undefined
      : await events.history(articleSubject(articleId), after, RESUME_MAX_EVENTS + 1, new Date(clock().getTime() - RESUME_OVERLAP_MS));
    if (!history || history.length > RESUME_MAX_EVENTS) {
      stream.send({ id: kept.newest, event: 'reset', data: { reason: history ? 'too-far-behind' : 'unknown-event-id' } });
      return;
    }
    for (const e of history) {
      let m;
      try { m = await liveMessageOf(e, comments); } catch (err) { onError?.(err); continue; }
      // An event sent again (at or below the client's id) leaves the client's Last-Event-ID as it is.
      if (m) stream.send({ ...(e.id > after && { id: e.id }), ...m });
    }
  }

  api.add({
    method: 'GET', url: '/api/v1/articles/:slug/events', tag: 'comments',
    summary: 'Live updates of the discussion as Server-Sent Events: comment.created, comment.edited, comment.deleted, votes (and reset)',
    params: slugParams, query: eventIdQuery, response: z.undefined(), errors: [404, 429, 503],
    stream: {
      contentType: 'text/event-stream',
      description: 'An endless event stream; each event\'s id resumes it (Last-Event-ID). Heartbeats are comment lines.',
    },
    handler: async ({ params, query, req, reply, caller }) => {
      const article = await articles.getPublic(params.slug);
      const header = req.headers['last-event-id'];
      let after: number | undefined;
      if (header !== undefined) {
        if (typeof header !== 'string' || !EVENT_ID.test(header.trim())) throw new AppError(400, 'INVALID_EVENT_ID', 'Last-Event-ID must be an event id (digits)', 'Last-Event-ID');
        after = Number(header.trim());
      } else if (query.lastEventId !== undefined) {
        after = Number(query.lastEventId);
      }
      const stream = hub.open(req, reply, channelOf(article.id), caller.network);
      try {
        if (after !== undefined && !stream.closed) await catchUp(stream, article.id, after);
      } catch (err) {
        onError?.(err);
        stream.close(); // the client reconnects and tries again
        return undefined;
      }
      stream.live();
      return undefined;
    },
  });
}
