// Admin pages as HTML answers: rendered once, never stored by a cache (they are personal and carry tokens).
import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

export const renderDoc = (vnode: VNode) => `<!doctype html>${renderToString(vnode)}`;

export function sendHtml(reply: FastifyReply, html: string, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

/** A notice after a redirect (`?notice=<code>`), looked up in the page's own messages: no free text. */
export function noticeFrom(code: unknown, messages: Record<string, string>): string | undefined {
  return typeof code === 'string' && Object.hasOwn(messages, code) ? messages[code] : undefined;
}
