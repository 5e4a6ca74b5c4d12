// A page of many comments (`?all=1` on a big discussion, or a form opened on one comment of it) is written to
// the reader as it is rendered, never held as one string: its pieces (site.render.tsx articlePagePieces) are
// gathered into buffers of about 64 KB, each written out as soon as it is made, compressed on the way when the
// reader accepts it. Between two buffers the server turns to its other requests. A shareable page keeps its
// buffers, as they are, for the page cache (the page then held once); a personal one keeps nothing.
import { pipeline, Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { addVary, compressionStream, encodingFor } from '../../platform/http/compression.js';

/** A streamed page is written in buffers of about this many characters. */
const PIECE_CHARS = 64 * 1024;

/** Pages with more comments than this (replies counted) are streamed; smaller ones are sent whole. */
export const STREAM_FROM_COMMENTS = 200;

export interface StreamedPageOptions {
  /** Told of the page's buffers once all of them are written (the page is shareable); not told otherwise. */
  keep?: (parts: Buffer[]) => void;
  /** Told of a failure after the answer began (the connection is then cut: the page cannot be finished). */
  onError?: (err: unknown) => void;
  /** Told once the answer is over, whether it was finished, failed or the reader went away (after `keep`). */
  onClose?: () => void;
}

/** Sends the pieces as one HTML answer, streamed (status and other headers already set on the reply). */
export function sendStreamedPage(req: FastifyRequest, reply: FastifyReply, pieces: Iterator<string>, opts: StreamedPageOptions = {}) {
  const parts: Buffer[] | undefined = opts.keep ? [] : undefined;
  const encoding = encodingFor(req);
  const compressed = encoding === 'identity' ? undefined : compressionStream(encoding, 'fast');
  const source = new Readable({
    read() {
      // Called when the reader is ready for more: render up to one buffer, then hand it over on the next turn
      // of the event loop, so the requests waiting meanwhile are answered between two buffers.
      let text = '';
      let done = false;
      try {
        while (text.length < PIECE_CHARS) {
          const next = pieces.next();
          if (next.done) { done = true; break; }
          text += next.value;
        }
      } catch (err) {
        this.destroy(err as Error);
        return;
      }
      const buffer = Buffer.from(text);
      parts?.push(buffer);
      setImmediate(() => {
        if (this.destroyed) return;
        this.push(buffer);
        // A compressor keeps what it was given until it has enough; the reader gets each buffer now instead.
        compressed?.flush();
        if (done) {
          this.push(null);
          if (parts) opts.keep!(parts);
        }
      });
    },
  });
  source.on('error', (err) => opts.onError?.(err));
  if (opts.onClose) source.once('close', opts.onClose);
  addVary(reply, 'Accept-Encoding');
  if (!compressed) return reply.send(source);
  pipeline(source, compressed, () => { /* errors are told by the source's own listener; the reply ends the connection */ });
  return reply.header('content-encoding', encoding).send(compressed);
}
