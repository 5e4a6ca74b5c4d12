// Each person's own API tokens (tokens.own), declared in the page registry: created with a scope and
// shown once, listed, revoked. The bootstrap token belongs to no account and can hold none.
import { noticeQuery } from '../../platform/http/input.js';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../platform/http/errors.js';
import { pageIdParams } from '../../platform/http/id-params.js';
import type { PageRegistry } from '../../platform/http/pages.js';
import type { FrameOf } from '../../ui/admin/frame.js';
import { noticeFrom, renderDoc, sendHtml } from '../../ui/admin/render.js';
import type { ApiTokensService } from './api-tokens.service.js';
import type { Caller } from './caller.js';
import { TokenCreatedPage, TOKEN_SCOPE_NAMES, TokensPage } from './views/TokensPage.js';

export interface TokenPagesDeps {
  pages: PageRegistry<Caller>;
  frameOf: FrameOf;
  apiTokens: ApiTokensService;
}

const NOTICES = { revoked: 'Token revoked: it no longer works.' };

const access = { permission: 'tokens.own' };
const tokenParams = pageIdParams('TOKEN_NOT_FOUND', 'Token');
const tokenForm = z.object({
  name: z.string({ error: 'give the token a name' }).trim().min(1, 'give the token a name').max(80, 'use at most 80 characters for the name'),
  scope: z.enum(TOKEN_SCOPE_NAMES, 'choose a scope'),
});

const noAccount = () => new AppError(400, 'NO_ACCOUNT', 'The bootstrap token belongs to no account: sign in with your own account to manage API tokens');

/** The account that holds the caller's tokens; the bootstrap token has none. */
function accountOf(caller: Caller): number {
  if (!caller.user) throw noAccount();
  return caller.user.id;
}

export function registerTokenPages({ pages, frameOf, apiTokens }: TokenPagesDeps) {
  const tokensPage = async (reply: FastifyReply, caller: Caller,
    opts: { notice?: string; error?: AppError; typed?: { name: string; scope: string } } = {}) => {
    const tokens = caller.user ? await apiTokens.list(caller.user.id) : undefined;
    const page = <TokensPage frame={frameOf(caller)} tokens={tokens} notice={opts.notice} error={opts.error} typed={opts.typed} />;
    return sendHtml(reply, renderDoc(page), opts.error?.status ?? 200);
  };

  pages.add({
    method: 'GET', url: '/admin/tokens', access, query: noticeQuery,
    handler: ({ reply, caller, query }) => tokensPage(reply, caller, { notice: noticeFrom(query.notice, NOTICES) }),
  });

  pages.add({
    method: 'POST', url: '/admin/tokens', access, form: tokenForm,
    handler: async ({ reply, caller, form }) => {
      const { token } = await apiTokens.create(accountOf(caller), form.name, form.scope);
      // The plain token exists only in this response: not stored, not in a redirect, not cached.
      return sendHtml(reply, renderDoc(<TokenCreatedPage frame={frameOf(caller)} name={form.name} scope={form.scope} token={token} />));
    },
    // Without an account there is no form to correct: that is the problem to show.
    invalid: ({ reply, caller, typed }, error) => tokensPage(reply, caller, {
      error: caller.user ? error : noAccount(), typed: { name: (typed.name ?? '').trim(), scope: typed.scope ?? '' },
    }),
  });

  pages.add({
    method: 'POST', url: '/admin/tokens/:id/revoke', access, params: tokenParams,
    handler: async ({ reply, caller, params }) => {
      await apiTokens.revoke(accountOf(caller), params.id);
      return reply.redirect('/admin/tokens?notice=revoked', 303);
    },
    invalid: ({ reply, caller }, error) => tokensPage(reply, caller, { error }),
  });
}
