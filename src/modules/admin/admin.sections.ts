// The newsroom admin's sections and who may open each: the navigation and the dashboard's list come from here.
import type { AdminSection } from '../../ui/admin/frame.js';
import type { Permission } from '../accounts/index.js';

export const ADMIN_SECTIONS: readonly (AdminSection & { permission: Permission })[] = [
  { href: '/admin', label: 'Dashboard', permission: 'admin.access' },
  { href: '/admin/articles', label: 'Articles', permission: 'articles.write.own', description: 'Write, edit and publish articles.' },
  { href: '/admin/campaigns', label: 'Campaigns', permission: 'campaigns.manage', description: "Set each month's fundraising goal; the amount raised comes from the donations." },
  { href: '/admin/donations', label: 'Donations', permission: 'donations.manage', description: 'Card and recorded donations, monthly totals and donors, the donation page.' },
  { href: '/admin/moderation', label: 'Moderation', permission: 'comments.moderate', description: 'Held, spam and reported comments; bans, block lists and the audit log.' },
  { href: '/admin/users', label: 'Users', permission: 'users.manage', description: 'Invite people, change roles, deactivate accounts.' },
  { href: '/admin/settings', label: 'Settings', permission: 'settings.manage', description: 'Site name, description, logo and comment rules.' },
  { href: '/admin/menus', label: 'Menus', permission: 'settings.manage', description: 'The links in the header and footer of the reader pages.' },
  { href: '/admin/tokens', label: 'API tokens', permission: 'tokens.own', description: 'Personal tokens for scripts and integrations.' },
  { href: '/admin/outbox', label: 'Outbox', permission: 'outbox.read', description: 'Mails Gazette has queued, sent or failed to send.' },
];
