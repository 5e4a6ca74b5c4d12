// A lane in front of Fastify for the few answers that need none of it: the HTTP server Fastify listens on
// (its `serverFactory`) first offers each request to the lane's handlers, on the raw Node request, and
// passes it to Fastify when none takes it. A handler takes a request only when it can answer it entirely
// from memory (a cached page for a request without cookies); anything else — a miss, a cookie, an unusual
// query, HEAD — goes the ordinary way, with its hooks, caller and error handling.
//
// Fastify's app.inject() does not go through the server: tests of a lane's answers use real HTTP.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';

/** Answers the request and returns true, or returns false without touching `res` (Fastify answers). */
export type LaneHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

type FastifyHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** The server options Fastify passes to a server factory (the ones its own HTTP/1 server uses). */
interface ServerOptions {
  http?: http.ServerOptions;
  keepAliveTimeout?: number;
  requestTimeout?: number;
  connectionTimeout?: number;
  maxRequestsPerSocket?: number;
}

export interface FastLane {
  /** For `Fastify({ serverFactory })`: an HTTP/1 server set up as Fastify sets up its own. */
  serverFactory: (handler: FastifyHandler, opts: ServerOptions) => http.Server;
  add(handler: LaneHandler): void;
  /** From now on every request goes to Fastify (closing: it answers new requests as a closing server does). */
  stop(): void;
  /** Requests answered in the lane so far (tests tell which path answered). */
  answered(): number;
}

export function createFastLane(): FastLane {
  const handlers: LaneHandler[] = [];
  let open = true;
  let answered = 0;
  return {
    serverFactory(fastify, opts) {
      const server = http.createServer(opts.http ?? {}, (req, res) => {
        if (open) for (const handler of handlers) if (handler(req, res)) { answered++; return; }
        fastify(req, res);
      });
      // As Fastify configures the server it creates itself (lib/server.js).
      if (opts.keepAliveTimeout !== undefined) server.keepAliveTimeout = opts.keepAliveTimeout;
      if (opts.requestTimeout !== undefined) server.requestTimeout = opts.requestTimeout;
      if (opts.connectionTimeout !== undefined) server.setTimeout(opts.connectionTimeout);
      if (opts.maxRequestsPerSocket && opts.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = opts.maxRequestsPerSocket;
      return server;
    },
    add(handler) { handlers.push(handler); },
    stop() { open = false; },
    answered: () => answered,
  };
}
