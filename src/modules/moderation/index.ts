// The moderation module as other modules see it: the pipeline and moderator actions, the spam filter's
// learner, the moderators' API and pages.
export { registerModerationPages } from './moderation.pages.js';
export { registerModerationRoutes } from './moderation.routes.js';
export { createModerationService } from './moderation.service.js';
export { CsvError, readLabelled } from './spam/csv.js';
export { evaluate } from './spam/evaluate.js';
export { createSpamLearner } from './spam/learning.js';
export { classifierStops } from './stages/classifier.js';
