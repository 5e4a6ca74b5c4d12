// The newsroom's article pages, declared in the page registry: the list, the editor (new article, edit,
// save / publish / schedule / unpublish / submit) and the no-JavaScript image upload. Plain HTML forms:
// POST, then 303 back to the editor; on bad input the editor is rendered again with the messages and
// what was typed.
import type { Clock } from '../../../platform/clock.js';
import type { PageRegistry } from '../../../platform/http/pages.js';
import type { FrameOf } from '../../../ui/admin/frame.js';
import type { Caller } from '../../accounts/index.js';
import type { ArticlesService } from '../articles.service.js';
import type { ImagesService } from '../images.service.js';
import { registerArticleEditorPages } from './editor.pages.js';
import { createEditorScreen } from './editor-screen.js';
import { registerArticleImageUpload } from './image-upload.page.js';
import { registerArticleList } from './list.page.js';
import { registerRevisionPages } from './revisions.pages.js';

export interface ArticlePagesDeps {
  pages: PageRegistry<Caller>;
  frameOf: FrameOf;
  articles: ArticlesService;
  images: ImagesService;
  clock: Clock;
  /** Whether articles without a rule of their own are open for comments (the site's setting). */
  siteCommentsOpen: () => boolean;
  /** The accounts that may stand in a byline (the accounts module's author profiles). */
  writers: () => Promise<{ id: number; name: string }[]>;
  /** The site's time zone (settings): the publish date is typed and shown in it. Default UTC. */
  timeZone?: () => string;
}

export function registerArticlePages(deps: ArticlePagesDeps) {
  const editor = createEditorScreen(deps);
  registerArticleList(deps);
  registerArticleEditorPages(deps, editor);
  registerArticleImageUpload(deps, editor);
  registerRevisionPages(deps);
}
