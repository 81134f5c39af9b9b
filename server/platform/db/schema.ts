import type { ColumnType, Generated } from 'kysely';

/**
 * Table types. Times are ISO 8601 UTC strings ("2026-11-27T05:00:00.000Z") on both
 * databases so that comparison and keyset paging behave the same; booleans are 0/1 integers.
 */
type Id = Generated<number>;
type Bool = number;
/** A column with a database default: optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface UsersTable {
  id: Id;
  email: string;
  name: string;
  role: string;
  password_hash: string | null;
  /** 'de' | 'en', or null until the person chooses or their first message shows it. */
  locale: string | null;
  time_zone: Defaulted<string>;
  organisation_id: number | null;
  signature: Defaulted<string>;
  active: Defaulted<Bool>;
  /** 1 once the user proved the address (a link by mail), or an admin or the CLI created them. */
  email_verified: Defaulted<Bool>;
  created_at: string;
  updated_at: string;
}

export interface OrganisationsTable {
  id: Id;
  name: string;
  kind: string;
  domain: string | null;
  shares_tickets: Defaulted<Bool>;
  /** An admin vouches for the domain: even unverified addresses of it join the organisation. */
  domain_trusted: Defaulted<Bool>;
  created_at: string;
}

export interface GroupsTable {
  id: Id;
  name: string;
  level: string;
  description: Defaulted<string>;
  is_default: Defaulted<Bool>;
  created_at: string;
}

export interface GroupMembersTable {
  group_id: number;
  user_id: number;
  /** Told when someone notifies the group's supervisors (hierarchical escalation). */
  supervisor: Defaulted<Bool>;
}

export interface CategoriesTable {
  id: Id;
  name: string;
  /** The English name, when it differs; the web shows it to English readers. */
  name_en: string | null;
  parent_id: number | null;
  active: Defaulted<Bool>;
  /** The group that handles new tickets of this category (routing); null: the default group. */
  group_id: Defaulted<number | null>;
  /** The group the escalation dialog suggests for tickets of this category. */
  escalation_group_id: Defaulted<number | null>;
  created_at: string;
}

export interface TicketsTable {
  id: Id;
  subject: string;
  status: string;
  priority: string;
  priority_rank: number;
  requester_id: number;
  organisation_id: number | null;
  group_id: number;
  assignee_id: number | null;
  category_id: number | null;
  channel: string;
  version: number;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  closed_at: string | null;
}

export interface TicketTagsTable {
  ticket_id: number;
  tag: string;
}

export interface MessagesTable {
  id: Id;
  ticket_id: number;
  author_id: number;
  internal: Bool;
  body: string;
  body_html: string | null;
  created_at: string;
  /** 1 for an automatic answer to our own mail (out-of-office, bounce). */
  automatic: Defaulted<Bool>;
  /** Mail only: 1 when the sender was verified, 0 when not; null for messages not received by mail. */
  sender_verified: number | null;
}

export interface TicketEventsTable {
  id: Id;
  ticket_id: number;
  actor_id: number | null;
  kind: string;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
  /** 1 when requesters must not see this event (e.g. an internal note was added). */
  internal: Defaulted<Bool>;
  /** Why (escalations, hand-backs, calls to supervisors). */
  reason: Defaulted<string | null>;
  created_at: string;
}

/** Agents who follow a ticket they escalated out of their groups (read access, "my escalations"). */
export interface TicketFollowersTable {
  ticket_id: number;
  user_id: number;
  created_at: string;
}

export interface AttachmentsTable {
  id: Id;
  ticket_id: number;
  message_id: number | null;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  uploaded_by: number;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: Id;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface JobsTable {
  id: Id;
  kind: string;
  payload: string;
  status: string;
  attempts: Defaulted<number>;
  max_attempts: Defaulted<number>;
  run_at: string;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface Database {
  users: UsersTable;
  organisations: OrganisationsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  categories: CategoriesTable;
  tickets: TicketsTable;
  ticket_tags: TicketTagsTable;
  messages: MessagesTable;
  ticket_events: TicketEventsTable;
  ticket_followers: TicketFollowersTable;
  attachments: AttachmentsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  jobs: JobsTable;
  settings: SettingsTable;
  saved_views: SavedViewsTable;
  ticket_presence: TicketPresenceTable;
  ticket_merges: TicketMergesTable;
  satisfaction_ratings: SatisfactionRatingsTable;
  password_resets: PasswordResetsTable;
  inbound_mails: InboundMailsTable;
  mail_threads: MailThreadsTable;
  ticket_ccs: TicketCcsTable;
  mailboxes: MailboxesTable;
  domain_events: DomainEventsTable;
  event_subscriptions: EventSubscriptionsTable;
  event_failures: EventFailuresTable;
  email_verifications: EmailVerificationsTable;
  audit_log: AuditLogTable;
  kb_articles: KbArticlesTable;
  kb_article_versions: KbArticleVersionsTable;
  kb_feedback: KbFeedbackTable;
  kb_events: KbEventsTable;
  sla_calendars: SlaCalendarsTable;
  sla_policies: SlaPoliciesTable;
  ticket_sla: TicketSlaTable;
  sla_breaches: SlaBreachesTable;
}

export interface EmailVerificationsTable {
  token_hash: string;
  user_id: number;
  email: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Append-only (see modules/audit): rows are inserted, never changed. */
export interface AuditLogTable {
  id: Id;
  action: string;
  actor_id: number | null;
  target_type: string | null;
  target_id: number | null;
  target_label: string | null;
  client_ip: string | null;
  /** JSON object. */
  details: Defaulted<string>;
  created_at: string;
}

export interface SavedViewsTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** JSON object of GET /tickets query parameters. */
  filters: string;
  sort: string | null;
  created_at: string;
  updated_at: string;
}

export interface TicketPresenceTable {
  ticket_id: number;
  user_id: number;
  state: string;
  since: string;
  expires_at: string;
}

export interface TicketMergesTable {
  source_id: number;
  target_id: number;
  actor_id: number | null;
  created_at: string;
}

export interface SatisfactionRatingsTable {
  id: Generated<number>;
  ticket_id: number;
  user_id: number;
  resolution_at: string;
  rating: number;
  comment: string;
  created_at: string;
  updated_at: string;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface InboundMailsTable {
  id: Generated<number>;
  message_id: string;
  source: string;
  envelope_from: string | null;
  envelope_to: string | null;
  raw: Buffer;
  size: number;
  status: string;
  from_address: string | null;
  ticket_id: number | null;
  message_row_id: number | null;
  outcome: string | null;
  received_at: string;
  processed_at: string | null;
  /** What the SMTP client said about itself, for SPF (null for IMAP and imports). */
  client_ip: string | null;
  client_helo: string | null;
  sender_verified: number | null;
  auth_results: string | null;
  /** Why the mail was parked for an admin (status 'failed' or 'held') or ignored, or whose duplicate it is. */
  failure_reason: string | null;
  /** The decoded subject, once the mail was parsed. */
  subject: Defaulted<string | null>;
}

export interface MailThreadsTable {
  message_id: string;
  ticket_id: number;
  message_row_id: number | null;
  /** 'in' for mail we received, 'out' for mail we sent. */
  direction: string;
  created_at: string;
}

export interface TicketCcsTable {
  ticket_id: number;
  email: string;
}

export interface MailboxesTable {
  id: Generated<number>;
  name: string;
  host: string;
  port: number;
  secure: Defaulted<number>;
  username: string;
  password_encrypted: string;
  folder: Defaulted<string>;
  move_to: string | null;
  active: Defaulted<number>;
  last_error: string | null;
  last_polled_at: string | null;
  created_at: string;
}

/** What happened, written by a command in the transaction of the change (see platform/events). */
export interface DomainEventsTable {
  id: Id;
  type: string;
  /** The ticket (or other aggregate) the event is about. */
  aggregate_id: number | null;
  actor_id: number | null;
  /** JSON. */
  payload: string;
  /** PostgreSQL's transaction id of the writer; 0 on SQLite. */
  tx_id: Defaulted<number>;
  created_at: string;
}

/** How far each subscriber has read the domain events, and its retry state. */
export interface EventSubscriptionsTable {
  name: string;
  last_tx_id: Defaulted<number>;
  last_event_id: Defaulted<number>;
  attempts: Defaulted<number>;
  retry_at: string | null;
  last_error: string | null;
  locked_until: string | null;
  lock_token: string | null;
  updated_at: string;
}

/** Events a subscriber gave up on after its retries: visible to admins, never silently lost. */
export interface EventFailuresTable {
  id: Id;
  subscriber: string;
  event_id: number;
  attempts: number;
  error: string;
  created_at: string;
}

/** Knowledge-base articles (modules/knowledge). tags is a JSON array of strings. */
export interface KbArticlesTable {
  id: Id;
  slug: string;
  title: string;
  body: string;
  locale: string;
  /** 'public' | 'internal' | 'organisation' (requesters of organisation_id only). */
  visibility: string;
  organisation_id: number | null;
  /** 'draft' | 'published' | 'archived'. */
  status: string;
  category_id: number | null;
  translation_of: number | null;
  tags: Defaulted<string>;
  version: Defaulted<number>;
  views: Defaulted<number>;
  helpful_count: Defaulted<number>;
  unhelpful_count: Defaulted<number>;
  author_id: number | null;
  published_at: string | null;
  created_at: string;
  updated_at: string;
}

/** An article as it was before a change (the version number it had then). */
export interface KbArticleVersionsTable {
  id: Id;
  article_id: number;
  version: number;
  title: string;
  body: string;
  locale: string;
  visibility: string;
  organisation_id: number | null;
  status: string;
  category_id: number | null;
  tags: string;
  edited_by: number | null;
  created_at: string;
}

export interface KbFeedbackTable {
  id: Id;
  article_id: number;
  user_id: number | null;
  helpful: Bool;
  comment: Defaulted<string>;
  created_at: string;
}

/** 'shown' | 'clicked' | 'deflected': what the portal and help center did with suggestions. */
export interface KbEventsTable {
  id: Id;
  kind: string;
  article_id: number | null;
  category_id: number | null;
  user_id: number | null;
  query: Defaulted<string>;
  created_at: string;
}

export interface SlaCalendarsTable {
  id: Id;
  name: string;
  time_zone: string;
  /** JSON: { mon: [["08:00","17:00"]], …, sun: [] }. */
  hours: string;
  holiday_country: string | null;
  holiday_state: string | null;
  /** JSON array of local dates "YYYY-MM-DD". */
  closed_dates: Defaulted<string>;
  created_at: string;
  updated_at: string;
}

export interface SlaPoliciesTable {
  id: Id;
  name: string;
  calendar_id: number;
  position: number;
  /** JSON: { priority?: [...], categoryId?: [...], organisationId?: [...] }. */
  conditions: Defaulted<string>;
  first_response_minutes: number;
  next_response_minutes: number | null;
  resolution_minutes: number;
  warning_percent: Defaulted<number>;
  breach_escalate: Defaulted<Bool>;
  breach_raise_priority: Defaulted<Bool>;
  created_at: string;
  updated_at: string;
}

/** A ticket's SLA clock: written only by modules/sla. */
export interface TicketSlaTable {
  ticket_id: number;
  policy_id: number;
  started_at: string;
  paused_seconds: Defaulted<number>;
  paused_since: string | null;
  stopped_at: string | null;
  first_responded_at: string | null;
  first_response_due_at: string;
  first_response_warn_at: string;
  first_response_warned: Defaulted<Bool>;
  first_response_breached: Defaulted<Bool>;
  resolution_due_at: string;
  resolution_warn_at: string;
  resolution_warned: Defaulted<Bool>;
  resolution_breached: Defaulted<Bool>;
  updated_at: string;
}

export interface SlaBreachesTable {
  id: Id;
  ticket_id: number;
  policy_id: number | null;
  target: string;
  due_at: string;
  breached_at: string;
}
