// Roles and what each may do. Every admin route names the permission it needs; this table is the
// only place that grants them (least privilege: a role has nothing that is not listed here).

export const ROLES = ['admin', 'editor', 'author', 'moderator', 'reader'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'admin.access',        // open /admin at all
  'articles.write.own',  // create drafts, edit one's own drafts, submit them for review
  'articles.write.any',  // edit every article
  'articles.publish',    // publish, schedule, unpublish
  'images.upload',
  'campaigns.manage',
  'donations.manage',    // the donations ledger: donors' names and e-mail addresses, manual donations, the donation page
  'comments.moderate',   // edit and delete any comment
  'users.manage',        // invite, change roles, deactivate
  'settings.manage',
  'outbox.read',
  'tokens.own',          // API tokens for oneself
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  editor: ['admin.access', 'articles.write.own', 'articles.write.any', 'articles.publish', 'images.upload', 'campaigns.manage', 'tokens.own'],
  author: ['admin.access', 'articles.write.own', 'images.upload', 'tokens.own'],
  moderator: ['admin.access', 'comments.moderate', 'tokens.own'],
  reader: [],
};

export const STAFF_ROLES: readonly Role[] = ['admin', 'editor', 'author', 'moderator'];

export function can(role: Role | undefined, permission: Permission): boolean {
  return role !== undefined && ROLE_PERMISSIONS[role].includes(permission);
}

/** API token scopes: a token can never do more than its owner's role allows. */
export const TOKEN_SCOPES = {
  'read': [] as Permission[],
  'articles': ['articles.write.own', 'articles.write.any', 'articles.publish', 'images.upload'] as Permission[],
  'campaigns': ['campaigns.manage'] as Permission[],
  'donations': ['donations.manage'] as Permission[],
  'comments': ['comments.moderate'] as Permission[],
  'all': [...PERMISSIONS] as Permission[],
} as const;
export type TokenScope = keyof typeof TOKEN_SCOPES;
