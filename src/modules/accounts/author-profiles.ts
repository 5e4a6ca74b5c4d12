// Authors' public profiles: an account that writes gets a slug (from its name, the first time it stands in a
// byline; the person may change it), a plain-text bio and a photo. Readers' accounts never have a page, and
// nothing here carries an e-mail address.
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import { isUniqueViolation } from '../../platform/db/database.js';
import type { Database } from '../../platform/db/schema.js';
import { AppError } from '../../platform/http/errors.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import './accounts.events.js';
import * as repo from './author-profiles.repo.js';
import { WRITING_ROLES } from './author-profiles.repo.js';

type DB = Kysely<Database> | Transaction<Database>;

export const BIO_MAX = 2000;
export const AUTHOR_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** An author as a byline shows them. */
export interface AuthorRef { id: number; name: string; slug: string }
/** An author's public page. */
export interface AuthorProfile extends AuthorRef { bio: string; photoImageId: number | null }

export const profileInput = z.object({
  slug: z.string().trim().toLowerCase().min(1, 'Choose the address of your author page').max(80, 'At most 80 characters')
    .regex(AUTHOR_SLUG_PATTERN, 'Use lowercase letters, digits and single hyphens (e.g. ada-lovelace)'),
  bio: z.string().max(BIO_MAX, `At most ${BIO_MAX} characters`).transform((s) => s.replace(/\r\n?/g, '\n').trim()),
});

/** A slug made from a name: letters without accents, digits and single hyphens ("Zoë Ng" → "zoe-ng"). */
export function slugOfName(name: string, id: number): string {
  const s = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return s || `author-${id}`;
}

const writes = (u: { role: string; status: string }) => (WRITING_ROLES as string[]).includes(u.role) && u.status !== 'deleted';
const unknownAuthor = (ids: number[], names: string[]) => new AppError(422, 'UNKNOWN_AUTHOR', names.length > 0
  ? `${names.join(', ')} may not write articles: choose another author`
  : `No account that may write has the id ${ids.join(', ')}`, 'authorIds');

export function createAuthorProfiles(deps: { db: Kysely<Database>; clock: Clock; events: EventBus }) {
  const { db } = deps;
  const now = () => deps.clock().toISOString();

  /** The first free slug for a name: the name's, else with -2, -3, … */
  async function freeSlug(q: DB, name: string, id: number): Promise<string> {
    const base = slugOfName(name, id);
    const taken = await repo.slugsStartingWith(q, base);
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  return {
    /** Active accounts that may write, by name: who the editor may put in a byline. */
    async writers(): Promise<{ id: number; name: string }[]> {
      return (await repo.listWriters(db)).map((r) => ({ id: r.id, name: r.display_name }));
    },

    /**
     * The byline's accounts in the given order (repeats dropped), each with a slug (given now, in the caller's
     * transaction, to an account that has none). Ids that are not writing accounts (admins, editors, authors;
     * active or deactivated): 422 UNKNOWN_AUTHOR.
     */
    async bylineAccounts(ids: number[], q: DB = db): Promise<AuthorRef[]> {
      const unique = [...new Set(ids)];
      const rows = new Map((await repo.findProfilesByIds(q, unique)).map((r) => [r.id, r]));
      // Deactivated writers stay linkable: their articles keep their bylines when an editor saves them.
      const bad = unique.filter((id) => { const r = rows.get(id); return !r || !writes(r) || (r.status !== 'active' && r.status !== 'deactivated'); });
      if (bad.length > 0) throw unknownAuthor(bad, bad.flatMap((id) => { const r = rows.get(id); return r && r.status !== 'deleted' ? [r.display_name] : []; }));
      const out: AuthorRef[] = [];
      for (const id of unique) {
        const r = rows.get(id)!;
        const slug = r.slug ?? (await repo.updateProfile(q, id, { slug: await freeSlug(q, r.display_name, id), updated_at: now() })).slug!;
        out.push({ id, name: r.display_name, slug });
      }
      return out;
    },

    /** The public profile behind a slug; undefined for readers, deleted accounts and unknown slugs. */
    async bySlug(slug: string): Promise<AuthorProfile | undefined> {
      const r = await repo.findProfileBySlug(db, slug);
      if (!r || !writes(r) || !r.slug) return undefined;
      return { id: r.id, name: r.display_name, slug: r.slug, bio: r.bio, photoImageId: r.photo_image_id };
    },

    /** One's own profile as the account page edits it (the slug it would get, if it has none yet). */
    async ownProfile(userId: number): Promise<{ slug: string; bio: string; photoImageId: number | null; published: boolean } | undefined> {
      const [r] = await repo.findProfilesByIds(db, [userId]);
      if (!r || !writes(r)) return undefined;
      return { slug: r.slug ?? (await freeSlug(db, r.display_name, r.id)), bio: r.bio, photoImageId: r.photo_image_id, published: r.slug !== null };
    },

    /** A writer changes their slug and bio; a slug another account has: 409 AUTHOR_SLUG_TAKEN. */
    async updateProfile(userId: number, input: z.output<typeof profileInput>): Promise<void> {
      const [r] = await repo.findProfilesByIds(db, [userId]);
      if (!r || !writes(r)) throw new AppError(403, 'NOT_AN_AUTHOR', 'Only accounts that write have an author profile');
      const other = await repo.findProfileBySlug(db, input.slug);
      const taken = () => new AppError(409, 'AUTHOR_SLUG_TAKEN', `The address /authors/${input.slug} belongs to another author`, 'slug');
      if (other && other.id !== userId) throw taken();
      try {
        await deps.events.transaction(async ({ tx, emit }) => {
          await repo.updateProfile(tx, userId, { slug: input.slug, bio: input.bio, updated_at: now() });
          await emit('author.profile-changed', { userId, slug: input.slug }, `user:${userId}`);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw taken();
        throw err;
      }
    },

    /** A writer's photo: an image stored by the images service, or none. */
    async setPhoto(userId: number, imageId: number | null): Promise<void> {
      const [r] = await repo.findProfilesByIds(db, [userId]);
      if (!r || !writes(r)) throw new AppError(403, 'NOT_AN_AUTHOR', 'Only accounts that write have an author profile');
      await deps.events.transaction(async ({ tx, emit }) => {
        const r2 = await repo.updateProfile(tx, userId, { photo_image_id: imageId, updated_at: now() });
        await emit('author.profile-changed', { userId, slug: r2.slug }, `user:${userId}`);
      });
    },

    /** The profile's part of a person's data export. */
    async exportOf(userId: number) {
      const [r] = await repo.findProfilesByIds(db, [userId]);
      return r ? { slug: r.slug, bio: r.bio, photoUrl: r.photo_image_id === null ? null : `/media/images/${r.photo_image_id}` } : null;
    },
  };
}

export type AuthorProfiles = ReturnType<typeof createAuthorProfiles>;
