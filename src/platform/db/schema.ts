// Row types of every table, as Kysely sees them. Timestamps are ISO-8601 UTC strings
// (sortable as text on both dialects); money is integer minor units plus an ISO currency code.
import type { Generated } from 'kysely';

export interface ArticlesTable {
  id: Generated<number>;
  slug: string;
  title: string;
  summary: string;
  body_markdown: string;
  body_html: string;
  author_name: string;
  tags: string; // JSON array of strings
  status: 'draft' | 'published';
  published_at: string | null;
  /** Bumped on every change of the article itself (its discussion is tracked by its domain events). */
  version: Generated<number>;
  owner_id: Generated<number | null>;
  review_requested_at: Generated<string | null>;
  comments_open: Generated<number | null>;
  created_at: string;
  updated_at: string;
  /** 'article', or 'page': a static page (About, Privacy) at /pages/:slug, without comments or dates. */
  kind: Generated<'article' | 'page'>;
  lead_image_id: Generated<number | null>;
  lead_caption: Generated<string>;
  lead_credit: Generated<string>;
}

/** The byline's accounts, in order (written by the articles module). */
export interface ArticleAuthorsTable {
  article_id: number;
  user_id: number;
  position: number;
}

/** Each saved version of an article (written by the articles module). */
export interface ArticleRevisionsTable {
  id: Generated<number>;
  article_id: number;
  /** The article's version this revision is. */
  version: number;
  by_user_id: number | null;
  by_name: string;
  title: string;
  summary: string;
  body_markdown: string;
  created_at: string;
}

/** Old addresses answering 301 to their new place (written by the transfer module: imports). */
export interface RedirectsTable {
  /** Path and query string as a request has it: "/?p=123", "/2019/05/01/a-title/". */
  from_path: string;
  to_path: string;
  created_at: string;
}

/** What an import brought in, so a re-run adds nothing twice (written by the transfer module). */
export interface ImportedItemsTable {
  source: string;
  kind: string;
  external_id: string;
  local_id: number;
  created_at: string;
}

export interface ImagesTable {
  id: Generated<number>;
  file_name: string; // stored name, e.g. "7-3f9a2c.jpg"; the thumbnail is thumbs/<file_name without ext>.jpg
  original_name: string;
  mime_type: string;
  width: number;
  height: number;
  thumb_width: number;
  thumb_height: number;
  bytes: number;
  alt: string;
  created_at: string;
  caption: Generated<string>;
  credit: Generated<string>;
}

export interface CampaignsTable {
  id: Generated<number>;
  month: string; // YYYY-MM
  goal_minor: number;
  raised_minor: number;
  currency: string; // ISO 4217
  created_at: string;
  updated_at: string;
}

export type DonationInterval = 'once' | 'month';
/** voided: a donation recorded by hand by mistake (card payments are refunded through Stripe instead). */
export type DonationStatus = 'pending' | 'succeeded' | 'failed' | 'refunded' | 'disputed' | 'voided';

export interface DonationIntentsTable {
  id: Generated<number>;
  intent_key: string;
  checkout_session_id: string | null;
  interval: DonationInterval;
  amount_minor: number;
  currency: string;
  donor_name: string | null;
  donor_email: string | null;
  message: string | null;
  anonymous: Generated<number>;
  created_at: string;
}

export interface DonationsTable {
  id: Generated<number>;
  method: string;
  provider: string | null;
  provider_payment_id: string | null;
  provider_invoice_id: string | null;
  provider_subscription_id: string | null;
  provider_customer_id: string | null;
  intent_key: string | null;
  interval: DonationInterval;
  amount_minor: number;
  refunded_minor: Generated<number>;
  currency: string;
  paid: Generated<number>;
  failed: Generated<number>;
  dispute_status: 'open' | 'won' | 'lost' | null;
  status: DonationStatus;
  campaign_month: string;
  donor_name: string | null;
  donor_email: string | null;
  message: string | null;
  anonymous: Generated<number>;
  note: string | null;
  recorded_by: number | null;
  receipt_queued: Generated<number>;
  paid_at: string;
  created_at: string;
  updated_at: string;
}

export interface RecurringDonationsTable {
  id: Generated<number>;
  provider: string;
  subscription_id: string;
  customer_id: string | null;
  intent_key: string | null;
  amount_minor: number;
  currency: string;
  donor_name: string | null;
  donor_email: string | null;
  status: 'active' | 'canceled';
  started_at: string;
  canceled_at: string | null;
  updated_at: string;
}

export interface StripeHeldFactsTable {
  id: Generated<number>;
  payment_id: string;
  facts: string;
  created_at: string;
}

export interface StripeEventsTable {
  id: string;
  type: string;
  processed_at: string;
}

export type CommentStatus = 'published' | 'pending' | 'spam' | 'rejected' | 'deleted';

export interface CommentsTable {
  id: Generated<number>;
  article_id: number;
  parent_id: number | null;
  root_id: number | null;
  depth: number;
  author_name: string;
  author_email: string;
  reader_id: string | null;
  body: string;
  body_html: string;
  status: CommentStatus;
  up: Generated<number>;
  down: Generated<number>;
  score: Generated<number>; // up - down, kept for ordering by votes
  created_at: string;
  edited_at: string | null;
  edited_by: string | null;
  user_id: Generated<number | null>;
  author_role: Generated<string | null>;
  /** JSON ModerationRecord: verdict, deciding stage and every reason. */
  moderation: Generated<string | null>;
  spam_score: Generated<number | null>;
  ip_hash: Generated<string | null>;
  /** Digest of the normalised text, for the duplicate check. */
  text_hash: Generated<string | null>;
  /** Inline feedback (top-level comments only): the passage quoted, as a TextQuoteSelector. */
  anchor_exact: Generated<string | null>;
  anchor_prefix: Generated<string | null>;
  anchor_suffix: Generated<string | null>;
  /** Where the passage is in the article's current plain text (comments/anchors.ts). */
  anchor_start: Generated<number | null>;
  anchor_end: Generated<number | null>;
  /** 1 while the passage is found in the article, 0 once an edit removed it; null without an anchor. */
  anchor_placed: Generated<number | null>;
}

export interface VotesTable {
  comment_id: number;
  /** "user:<id>" for a signed-in reader, the reader cookie's id for a guest: one vote per voter. */
  voter: string;
  value: number; // 1 or -1
  created_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export type Role = 'admin' | 'editor' | 'author' | 'moderator' | 'reader';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  password_hash: string | null;
  role: Role;
  status: 'active' | 'invited' | 'deactivated' | 'deleted';
  email_verified_at: string | null;
  created_at: string;
  updated_at: string;
  /** The author page's address, /authors/:slug (null for accounts without one). */
  slug: Generated<string | null>;
  bio: Generated<string>;
  photo_image_id: Generated<number | null>;
}

export interface SessionsTable {
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface UserTokensTable {
  id: Generated<number>;
  user_id: number;
  purpose: 'verify' | 'reset' | 'invite';
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
  /** Set when the link stopped working before use (a newer reset link was used, the password changed). */
  revoked_at: Generated<string | null>;
}

/** Failed sign-ins per account key (digest of the e-mail, whether or not it has an account) and network. */
export interface LoginFailuresTable {
  account_key: string;
  network: string;
  failures: number;
  window_started_at: string;
  locked_until: string | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  scope: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  payload: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  text_body: string;
  status: 'pending' | 'sent' | 'failed';
  transport: string | null;
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  /** The HTML part, when the mail has one. */
  html_body: Generated<string | null>;
  /** JSON object of extra headers (List-Unsubscribe …). */
  headers: Generated<string | null>;
}

export interface NotificationSubscribersTable {
  id: Generated<number>;
  email: string;
  user_id: number | null;
  mode: 'immediate' | 'daily';
  digest_due_at: string | null;
  created_at: string;
}

export interface NotificationSubscriptionsTable {
  id: Generated<number>;
  subscriber_id: number;
  article_id: number;
  scope: 'replies' | 'all';
  confirmed_at: string | null;
  confirm_mailed_at: string | null;
  last_mailed_at: string | null;
  flush_due_at: string | null;
  created_at: string;
}

export interface NotificationItemsTable {
  id: Generated<number>;
  subscription_id: number;
  subscriber_id: number;
  comment_id: number;
  reason: 'reply' | 'mention' | 'all';
  created_at: string;
  mailed_at: string | null;
}

export interface CommentRevisionsTable {
  id: Generated<number>;
  comment_id: number;
  body: string;
  replaced_at: string;
  replaced_by: string;
}

export interface CommentReportsTable {
  id: Generated<number>;
  comment_id: number;
  reporter: string;
  reason: string;
  note: string | null;
  created_at: string;
  resolved_at: string | null;
}

export interface BansTable {
  id: Generated<number>;
  kind: 'account' | 'email' | 'ip';
  value: string;
  reason: string;
  expires_at: string | null;
  created_by: string;
  created_at: string;
  lifted_at: string | null;
}

export interface BlockListTable {
  id: Generated<number>;
  kind: 'phrase' | 'email' | 'domain' | 'ip_range';
  value: string;
  created_by: string;
  created_at: string;
}

export interface ModerationLogTable {
  id: Generated<number>;
  actor: string;
  action: string;
  comment_id: number | null;
  detail: string;
  created_at: string;
}

export interface SpamExamplesTable {
  id: Generated<number>;
  comment_id: number | null;
  text: string;
  label: 'spam' | 'ham';
  source: string;
  created_at: string;
}

/** A domain event, stored in the transaction of the change it announces (see platform/events). */
export interface DomainEventsTable {
  id: Generated<number>;
  type: string;
  /** What the event is about, for readers that check freshness ("article:12"); null when nothing is. */
  subject: string | null;
  payload: string; // JSON
  origin: string;
  created_at: string;
}

/**
 * The search index of articles (written by the articles module with each article write). SQLite: an FTS5
 * table whose rowid is the article's id; PostgreSQL: article_id plus a generated tsvector, `document`.
 * Queried with raw SQL (articles/search.repo.ts).
 */
export interface ArticleSearchTable {
  title: string;
  /** The body's plain text (from its sanitised HTML). */
  body: string;
}

/** Shared rate limits (platform/rate-limits): the hits of a key's current window and when it ends. */
export interface RateLimitsTable {
  /** The limit's name, its window length and who is counted ("comments:60000:ip:…"). */
  key: string;
  hits: number;
  /** ISO-8601 UTC: the end of the current window. */
  reset_at: string;
}

/** A tag of a listed article (kind 'article', status 'published'), with its date: the tag pages' index (articles module). */
export interface ArticleTagsTable {
  article_id: number;
  tag: string;
  published_at: string;
}

/** Listed articles per UTC month ('YYYY-MM'), scheduled ones in their month: the archive's counts (articles module). */
export interface ArticleMonthsTable {
  month: string;
  articles: number;
}

export interface Database {
  domain_events: DomainEventsTable;
  rate_limits: RateLimitsTable;
  comment_revisions: CommentRevisionsTable;
  comment_reports: CommentReportsTable;
  bans: BansTable;
  block_list: BlockListTable;
  moderation_log: ModerationLogTable;
  spam_examples: SpamExamplesTable;
  users: UsersTable;
  login_failures: LoginFailuresTable;
  sessions: SessionsTable;
  user_tokens: UserTokensTable;
  api_tokens: ApiTokensTable;
  jobs: JobsTable;
  outbox: OutboxTable;
  notification_subscribers: NotificationSubscribersTable;
  notification_subscriptions: NotificationSubscriptionsTable;
  notification_items: NotificationItemsTable;
  articles: ArticlesTable;
  article_authors: ArticleAuthorsTable;
  article_revisions: ArticleRevisionsTable;
  redirects: RedirectsTable;
  imported_items: ImportedItemsTable;
  article_search: ArticleSearchTable;
  article_tags: ArticleTagsTable;
  article_months: ArticleMonthsTable;
  images: ImagesTable;
  campaigns: CampaignsTable;
  donation_intents: DonationIntentsTable;
  donations: DonationsTable;
  recurring_donations: RecurringDonationsTable;
  stripe_events: StripeEventsTable;
  stripe_held_facts: StripeHeldFactsTable;
  comments: CommentsTable;
  votes: VotesTable;
  settings: SettingsTable;
}
