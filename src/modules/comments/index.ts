// The comments module as other modules see it: the comments' one writer, the moderation port, the rules,
// the reader's API and forms, the comment section.
export { registerCommentForms, type ArticlePageState } from './comments.forms.js';
export { registerCommentRoutes } from './comments.routes.js';
export { registerLiveUpdates } from './live/live.routes.js';
export { commentBody, NOTIFY_CHOICES, type NotifyChoice, type ReportReason } from './comments.schemas.js';
export { createCommentsService, type CommentAudience, type CommentsService, type Concerned, type MailComment } from './comments.service.js';
export { BODY_MAX, THREADS_PER_PAGE } from './limits.js';
export { countNodes } from './comment-tree.js';
export { heldNoticeOf, type CommentCandidate, type ModerationResult } from './moderation-port.js';
export { createReaderActions } from './reader-actions.js';
export { CommentSection, type CommentSectionProps, type Viewer } from './views/CommentSection.js';
export { threadHtml } from './views/thread-html.js';
export { CommentPrompt } from './views/CommentPrompt.js';
export { createCommentSeed, type SeedComment } from './comment-seed.js';
export { IslandStateScript, islandStateOf, scriptJson, type IslandState } from './views/island-state.js';
