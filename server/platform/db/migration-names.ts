/**
 * Every migration's name (Kysely runs them in the order of their names). migrate.ts maps each to its module (the
 * compiler checks that both lists agree). A command that only needs a current schema (an MTA's
 * pipe delivery) compares these with the database's list without loading the migrations.
 * Add new ones at the end, named by their timestamp.
 */
export const MIGRATION_NAMES = [
  '2026-11-27T0500-initial',
  '2026-11-27T0620-web-app',
  '2026-11-27T0630-mail',
  '2026-11-27T0640-queue-indexes',
  '2026-11-30T1000-domain-events',
  '2026-11-30T1100-identities',
  '2026-11-30T1200-mail-trust',
  '2026-11-30T1300-escalation',
  '2026-11-30T1400-language-and-names',
  '2026-11-30T1500-sla',
  '2026-11-30T1600-knowledge-base',
  '2026-11-30T1700-inbound-mail-subject',
  '2026-11-30T1800-automation',
  '2026-11-30T1900-assignment-and-macros',
  '2026-11-30T2000-sla-next-response',
  '2026-11-30T2000b-mail-routes',
  '2026-11-30T2100-kb-solutions-and-links',
  '2026-11-30T2200-admin-edits',
  '2026-11-30T2350-messages-by-author',
  '2026-11-30T2359-gin-pending-list',
  '2026-11-30T2359a-open-tickets-newest',
  '2026-11-30T2359f-kb-images',
  '2026-11-30T2359b-pending-reminders',
  '2026-11-30T2359i-mailbox-lease',
  '2026-11-30T2359d-problems',
  '2026-11-30T2359c-job-keys',
  '2026-11-30T2359h-identity',
  '2026-11-30T2359e-report-indexes',
  '2026-11-30T2359j-report-facts',
  '2026-11-30T2359k-search-scope',
  '2026-11-30T2359l-search-words',
  '2026-12-01T0100-queued-jobs-by-kind',
  '2026-12-02T0100-partial-indexes',
  '2026-12-02T0200-fts-prefixes',
  '2026-12-02T0300-sla-flagged',
  '2026-12-03T0100-search-group',
  '2026-12-03T0200-sqlite-search-words',
  '2026-12-03T0300-portal-indexes',
  '2026-12-03T0400-report-fact-minutes',
  '2026-12-03T0500-covering-count-indexes',
  '2026-12-04T0100-agent-notice-digest',
] as const;

export type MigrationName = (typeof MIGRATION_NAMES)[number];

/**
 * Whether the migrations recorded in a database are exactly the known ones. A database migrated
 * by a newer version is not current either: the Migrator refuses it.
 */
export function isCurrentSchema(recorded: readonly string[]): boolean {
  const done = new Set(recorded);
  return done.size === MIGRATION_NAMES.length && MIGRATION_NAMES.every((name) => done.has(name));
}
