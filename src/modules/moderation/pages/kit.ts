// What the moderators' pages share: their dependencies, who may open them, and how a page is answered.
import type { FastifyReply } from 'fastify';
import type { Transaction } from 'kysely';
import type { VNode } from 'preact';
import type { Database } from '../../../platform/db/schema.js';
import type { PageRegistry } from '../../../platform/http/pages.js';
import type { FrameOf } from '../../../ui/admin/frame.js';
import { renderDoc, sendHtml } from '../../../ui/admin/render.js';
import { can, type Caller } from '../../accounts/index.js';
import type { Permission } from '../../accounts/index.js';
import type { CommentsService } from '../../comments/index.js';
import type { ModerationSettings } from '../../settings/index.js';
import type { ModerationService } from '../moderation.service.js';

export interface ModerationPagesDeps {
  pages: PageRegistry<Caller>;
  /** The admin frame for a caller (the sections they may open). */
  frameOf: FrameOf;
  moderation: ModerationService;
  /** The comments' writer: a moderator's edit goes through it like an author's. */
  comments: Pick<CommentsService, 'edit'>;
  /**
   * The moderation settings as they are now, and saving new ones (the settings module keeps them) with
   * `audit` run in the transaction of the save.
   */
  moderationSettings: () => ModerationSettings;
  saveModerationSettings: (next: ModerationSettings, audit: (tx: Transaction<Database>) => Promise<void>) => Promise<unknown>;
}

/** Moderators' pages: the queues, comments, bans, block list, audit log. */
export const MODERATE = { permission: 'comments.moderate' } as const satisfies { permission: Permission };
/** The moderation settings page. */
export const MANAGE_SETTINGS = { permission: 'settings.manage' } as const satisfies { permission: Permission };

export function createModerationPageKit(deps: ModerationPagesDeps) {
  return {
    ...deps,
    /** The frame of a moderation page for its caller (see views/ModerationPage). */
    chrome: (caller: Caller) => ({ frame: deps.frameOf(caller), canSettings: can(caller, 'settings.manage') }),
    /** The page as an HTML answer, never stored by a cache. */
    send: (reply: FastifyReply, page: VNode, status = 200) => sendHtml(reply, renderDoc(page), status),
  };
}

export type ModerationPageKit = ReturnType<typeof createModerationPageKit>;
