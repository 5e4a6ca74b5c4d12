// A moderation page: the admin frame (Moderation as the current section), the section's navigation, the
// page's notice or error, and its content. The styles are in src/ui/site.css ("Moderation, moderators' pages").
import type { ComponentChildren } from 'preact';
import { AdminLayout, type AdminFrame } from '../../../ui/admin/AdminLayout.js';
import { MODERATION } from './paths.js';
import { SubNav } from './SubNav.js';

export interface ModerationPageProps {
  frame: AdminFrame;
  /** The caller may change the moderation settings (settings.manage): the navigation links to them. */
  canSettings: boolean;
  title: string;
  /** The address the section's navigation marks as current ('' for none). */
  sub: string;
  notice?: string;
  error?: string;
  children: ComponentChildren;
}

export function ModerationPage(props: ModerationPageProps) {
  return (
    <AdminLayout frame={props.frame} title={props.title} current={MODERATION} notice={props.notice} error={props.error}>
      <SubNav current={props.sub} canSettings={props.canSettings} />
      {props.children}
    </AdminLayout>
  );
}
