import type { Kysely } from 'kysely';

/**
 * Mail authenticity: what the SMTP client told us (for SPF), the verification result of each
 * inbound mail, why a mail was parked, and on messages whether the mail's sender was verified
 * and whether it is an automatic answer (out-of-office, bounce) rather than something a person wrote.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const inbound: Array<[string, 'text' | 'integer']> = [
    ['client_ip', 'text'],
    ['client_helo', 'text'],
    // 1 when the From address was verified (DMARC/DKIM/SPF, reply token, trusted MTA), 0 when not.
    ['sender_verified', 'integer'],
    // A short summary such as "dkim=pass (kunde.example); spf=none; dmarc=pass".
    ['auth_results', 'text'],
    // Why a mail was parked (status 'failed' or 'held') for an admin.
    ['failure_reason', 'text'],
  ];
  for (const [name, type] of inbound) await db.schema.alterTable('inbound_mails').addColumn(name, type).execute();
  await db.schema
    .alterTable('messages')
    .addColumn('automatic', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // null for messages not received by mail.
  await db.schema.alterTable('messages').addColumn('sender_verified', 'integer').execute();
  await db.schema.createIndex('inbound_mails_status').on('inbound_mails').columns(['status', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('inbound_mails_status').execute();
  for (const name of ['sender_verified', 'automatic']) await db.schema.alterTable('messages').dropColumn(name).execute();
  for (const name of ['failure_reason', 'auth_results', 'sender_verified', 'client_helo', 'client_ip']) await db.schema.alterTable('inbound_mails').dropColumn(name).execute();
}
