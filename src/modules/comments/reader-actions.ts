// What the JSON API and the plain forms share about a reader acting on comments: the reader cookie set on
// a first write, limits per network on votes and reports (a fresh cookie per request buys nothing), and
// the report itself (the moderation module counts it and may hold the comment).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors.js';
import { RateLimiter, type RateLimitStore } from '../../platform/http/rate-limit.js';
import { ensureReaderId } from '../../platform/http/security.js';
import type { Clock } from '../../platform/clock.js';
import type { Caller } from '../accounts/index.js';
import type { ReportReason } from './comments.schemas.js';

/** Votes per network and minute, reports per network and hour: generous for people, a wall for scripts. */
export const VOTES_PER_MINUTE = 60;
export const REPORTS_PER_HOUR = 10;

export type FileReport = (commentId: number, caller: Caller, reason: ReportReason, note: string | undefined) => Promise<unknown>;

export function createReaderActions(deps: { clock: Clock; rateLimits: RateLimitStore; secureCookies: boolean; report: FileReport }) {
  const now = () => deps.clock().getTime();
  const limits = {
    vote: new RateLimiter(deps.rateLimits, 'votes', VOTES_PER_MINUTE, 60_000, now),
    report: new RateLimiter(deps.rateLimits, 'reports', REPORTS_PER_HOUR, 3600_000, now),
  };
  return {
    /** The caller with a reader id, setting the reader cookie on their first write. */
    withReader(caller: Caller, req: FastifyRequest, reply: FastifyReply): Caller {
      return caller.readerId !== undefined ? caller : { ...caller, readerId: ensureReaderId(req, reply, deps.secureCookies) };
    },
    /** Refuses (429) votes and reports beyond the network's rate. */
    async throttle(caller: Caller, action: 'vote' | 'report') {
      const wait = await limits[action].hit(caller.network);
      if (wait > 0) throw new AppError(429, 'RATE_LIMITED', `Too many ${action === 'vote' ? 'votes' : 'reports'} from your network; try again in ${wait} s`);
    },
    report: deps.report,
  };
}

export type ReaderActions = ReturnType<typeof createReaderActions>;
