// The moderators' pages (comments.moderate), declared in the page registry: the queues and decisions,
// one comment's edit and ban pages, bans, the block list and the audit log; plus the moderation settings
// (settings.manage). Server-rendered and complete without JavaScript: every action is a form post
// answered by a 303, or by the page again with the error. Pages in pages/, shared parts in views/.
import { registerBansPages } from './pages/bans.page.js';
import { registerBlockListPages } from './pages/block-list.page.js';
import { registerCommentPages } from './pages/comment.pages.js';
import { createModerationPageKit, type ModerationPagesDeps } from './pages/kit.js';
import { registerLogPage } from './pages/log.page.js';
import { registerQueuePages } from './pages/queue.page.js';
import { registerSettingsPages } from './pages/settings.page.js';

export type { ModerationPagesDeps } from './pages/kit.js';

export function registerModerationPages(deps: ModerationPagesDeps) {
  const kit = createModerationPageKit(deps);
  registerQueuePages(kit);
  registerCommentPages(kit);
  registerBansPages(kit);
  registerBlockListPages(kit);
  registerLogPage(kit);
  registerSettingsPages(kit);
}
