// Site search: GET /api/v1/search?q= (JSON) and the reader page GET /search?q= (HTML, in the site's layout).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { z } from 'zod';
import type { ApiRegistry } from '../../platform/http/api.js';
import type { PageRegistry } from '../../platform/http/pages.js';
import { formText } from '../../platform/http/input.js';
import type { Caller } from '../accounts/index.js';
import { SEARCH_MAX_LIMIT, SEARCH_MAX_OFFSET, type SearchPage, type SearchService } from './search.service.js';
import { SearchView } from './views/SearchPage.js';

/** Results on one page of the HTML search. */
const PAGE_SIZE = 10;

export interface SearchRoutesDeps {
  api: ApiRegistry<Caller>;
  pages: PageRegistry<Caller>;
  search: SearchService;
  /** A page in the site's reader layout. */
  readerPage: (caller: Caller, title: string, content: VNode) => Promise<string>;
  /** Serves the HTML page: from memory for readers without a session, never shared (site/listing-cache.ts). */
  pagesKept: { send(req: FastifyRequest, reply: FastifyReply, opts: { personal: boolean; key: string }, render: () => Promise<string>): Promise<unknown> };
  /** Whether the caller sees a page of their own (signed in). */
  personal: (caller: Caller) => boolean;
}

const resultSchema = z.object({
  slug: z.string(), title: z.string(), url: z.string(), publishedAt: z.string(),
  snippetHtml: z.string().describe('Part of the body, HTML-escaped, with the matched words in <mark>'),
});

export function registerSearchRoutes({ api, pages, search, readerPage, pagesKept, personal }: SearchRoutesDeps) {
  api.add({
    method: 'GET', url: '/api/v1/search', tag: 'articles', summary: 'Search published articles (titles and bodies), best match first',
    query: z.object({
      q: z.string().optional().describe('The words to find (any language; quotes and operators are read as plain words)'),
      limit: z.coerce.number().int().min(1).max(SEARCH_MAX_LIMIT).default(10),
      offset: z.coerce.number().int().min(0).max(SEARCH_MAX_OFFSET).default(0),
    }),
    response: z.object({ results: z.array(resultSchema), total: z.number().int(), totalCapped: z.boolean().describe('true: total is a lower bound (only the newest 1,050 matches are ranked)') }),
    handler: ({ query }) => search.search(query.q ?? '', { limit: query.limit, offset: query.offset }),
  });

  pages.add({
    method: 'GET', url: '/search', access: 'public',
    query: z.object({
      q: formText,
      offset: z.coerce.number().int().min(0).max(SEARCH_MAX_OFFSET).catch(0).default(0),
    }),
    handler: ({ req, reply, caller, query }) => {
      const q = (query.q ?? '').slice(0, 500);
      return pagesKept.send(req, reply, { personal: personal(caller), key: `${query.offset}|${q}` }, async () => {
        const page: SearchPage | undefined = q.trim() === '' ? undefined : await search.search(q, { limit: PAGE_SIZE, offset: query.offset });
        const title = page ? `Search: ${q.trim()}` : 'Search';
        return readerPage(caller, title, <SearchView q={q} page={page} offset={query.offset} limit={PAGE_SIZE} />);
      });
    },
  });
}
