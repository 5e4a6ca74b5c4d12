// The accounts module as other modules see it: who is asking (Caller and its rules), accounts, sign-in,
// first run, permissions, and the account and user pages.
export { registerAccountPages } from './account-pages.js';
export { countActive } from './accounts.repo.js';
export { PASSWORD_MIN, createAccountsService } from './accounts.service.js';
export { createArgon2Passwords, type Passwords } from './passwords.js';
export { createApiTokensService } from './api-tokens.service.js';
export { createAuth } from './auth.js';
export { can, hasSession, isStaff, isVerified, type Caller } from './caller.js';
export { createFirstRun, type FirstRun } from './first-run.js';
export { type Permission } from './permissions.js';
export { registerTokenPages } from './tokens.pages.js';
export { registerUserPages } from './users.pages.js';
export { WRITING_ROLES } from './author-profiles.repo.js';
export { AUTHOR_SLUG_PATTERN, createAuthorProfiles, type AuthorProfile, type AuthorProfiles, type AuthorRef } from './author-profiles.js';
