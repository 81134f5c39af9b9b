import type { Bool, Defaulted, Id } from './tables/column-types.ts';
import type { DomainEventsTable, EventFailuresTable, EventSubscriptionsTable } from './tables/domain-events.ts';
import type { KbArticlesTable, KbArticleVersionsTable, KbEventsTable, KbFeedbackTable, KbTicketLinksTable } from './tables/knowledge.ts';
import type { AutomationRunsTable, AutomationSettingsTable, TriggersTable } from './tables/automation.ts';
import type { InboundMailsTable, MailboxesTable, MailRoutesTable, MailThreadsTable, TicketCcsTable } from './tables/mail.ts';
import type { TicketReportFactsTable } from './tables/report-facts.ts';
import type { SlaBreachesTable, SlaCalendarsTable, SlaPoliciesTable, TicketSlaTable } from './tables/sla.ts';
import type { AssignmentRotationTable, MacrosTable, TextSnippetsTable } from './tables/automation-assist.ts';
import type { KbArticleImagesTable, KbImagesTable } from './tables/kb-images.ts';
import type { ProblemsTable, ProblemTicketsTable } from './tables/problems.ts';
import type { TotpRecoveryCodesTable, UserTotpTable, WebhookDeliveriesTable, WebhooksTable } from './tables/identity.ts';

export type * from './tables/column-types.ts';
export type * from './tables/domain-events.ts';
export type * from './tables/knowledge.ts';
export type * from './tables/mail.ts';
export type * from './tables/sla.ts';
export type * from './tables/automation.ts';
export type * from './tables/automation-assist.ts';
export type * from './tables/kb-images.ts';
export type * from './tables/problems.ts';
export type * from './tables/identity.ts';

/**
 * Table types: the core tables here, the larger areas' tables in tables/. `Database` below is
 * the one type for all of them. Times are ISO 8601 UTC strings and booleans 0/1 integers on
 * both databases (tables/column-types.ts).
 */

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
  /** 1 while the agent marked themselves away: no automatic assignment. */
  away: Defaulted<Bool>;
  /** 1 while the password is a generated one that the person must replace at their next sign-in. */
  must_change_password: Defaulted<Bool>;
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
  /** 0: hidden from pickers, still named where people and tickets refer to it. */
  active: Defaulted<Bool>;
  created_at: string;
}

export interface GroupsTable {
  id: Id;
  name: string;
  level: string;
  description: Defaulted<string>;
  is_default: Defaulted<Bool>;
  /** 'off' | 'round_robin' | 'least_loaded' (modules/assignment). */
  assignment_mode: Defaulted<string>;
  /** 0: hidden from pickers and closed to new tickets, still named on old ones. */
  active: Defaulted<Bool>;
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
  /** A pending ticket's reminder: it returns to open after this time (ISO 8601 UTC). */
  pending_until: Defaulted<string | null>;
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

/** Until when an agent's further new-ticket notices wait for a digest (notifications/agent-digest.ts). */
export interface AgentNoticeWindowsTable {
  user_id: number;
  held_until: string;
}

/** A new ticket an agent hears of in their next digest, one row per event. */
export interface AgentNoticesHeldTable {
  user_id: number;
  event_id: number;
  ticket_id: number;
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
  /** Set: at most one job with this key ever exists (enqueueOnce). */
  unique_key: string | null;
  /** The worker process that last claimed the job (host:pid). */
  claimed_by: string | null;
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
  agent_notice_windows: AgentNoticeWindowsTable;
  agent_notices_held: AgentNoticesHeldTable;
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
  mail_routes: MailRoutesTable;
  domain_events: DomainEventsTable;
  event_subscriptions: EventSubscriptionsTable;
  event_failures: EventFailuresTable;
  email_verifications: EmailVerificationsTable;
  audit_log: AuditLogTable;
  kb_articles: KbArticlesTable;
  kb_article_versions: KbArticleVersionsTable;
  kb_feedback: KbFeedbackTable;
  kb_events: KbEventsTable;
  kb_ticket_links: KbTicketLinksTable;
  kb_images: KbImagesTable;
  kb_article_images: KbArticleImagesTable;
  sla_calendars: SlaCalendarsTable;
  sla_policies: SlaPoliciesTable;
  ticket_sla: TicketSlaTable;
  sla_breaches: SlaBreachesTable;
  ticket_report_facts: TicketReportFactsTable;
  triggers: TriggersTable;
  automation_settings: AutomationSettingsTable;
  automation_runs: AutomationRunsTable;
  assignment_rotation: AssignmentRotationTable;
  text_snippets: TextSnippetsTable;
  macros: MacrosTable;
  problems: ProblemsTable;
  problem_tickets: ProblemTicketsTable;
  user_totp: UserTotpTable;
  totp_recovery_codes: TotpRecoveryCodesTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
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
  id: Id;
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
  id: Id;
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
