import type { Executor } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';

const parse = (json: string) => {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
};

/**
 * Everything stored about one person (right of access), from every table that names them by id
 * or by address. Secrets stay out: no password hash, token hash, TOTP secret or raw mail; their
 * existence and times are listed instead. Internal notes in their tickets are included and
 * marked `internal`: the admin decides what to hand over.
 */
export async function exportPerson(db: Executor, userId: number) {
  const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound('The user');
  const { password_hash, ...profile } = user;
  const organisation = user.organisation_id === null ? null : await db.selectFrom('organisations').select(['id', 'name']).where('id', '=', user.organisation_id).executeTakeFirst();
  const groups = await db
    .selectFrom('group_members')
    .innerJoin('groups', 'groups.id', 'group_members.group_id')
    .select(['groups.id', 'groups.name', 'group_members.supervisor'])
    .where('user_id', '=', userId)
    .execute();

  const tickets = await db.selectFrom('tickets').selectAll().where('requester_id', '=', userId).orderBy('id').execute();
  const ticketIds = tickets.map((t) => t.id);
  const inTickets = <T>(run: () => Promise<T[]>) => (ticketIds.length === 0 ? Promise.resolve([] as T[]) : run());
  const messages = await inTickets(() =>
    db
      .selectFrom('messages')
      .leftJoin('users as author', 'author.id', 'messages.author_id')
      .select(['messages.id', 'messages.ticket_id', 'messages.internal', 'messages.body', 'messages.created_at', 'messages.author_id', 'author.name as author_name'])
      .where('messages.ticket_id', 'in', ticketIds)
      .orderBy('messages.id')
      .execute(),
  );
  const tags = await inTickets(() => db.selectFrom('ticket_tags').selectAll().where('ticket_id', 'in', ticketIds).execute());
  const history = await inTickets(() => db.selectFrom('ticket_events').selectAll().where('ticket_id', 'in', ticketIds).orderBy('id').execute());
  const ccs = await inTickets(() => db.selectFrom('ticket_ccs').selectAll().where('ticket_id', 'in', ticketIds).execute());

  const written = await db.selectFrom('messages').select(['id', 'ticket_id', 'internal', 'body', 'created_at']).where('author_id', '=', userId).orderBy('id').execute();
  const attachments = await db
    .selectFrom('attachments')
    .select(['id', 'ticket_id', 'message_id', 'filename', 'content_type', 'size', 'created_at'])
    .where('uploaded_by', '=', userId)
    .orderBy('id')
    .execute();
  const ratings = await db
    .selectFrom('satisfaction_ratings')
    .select(['ticket_id', 'rating', 'comment', 'resolution_at', 'created_at', 'updated_at'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  const kbFeedback = await db.selectFrom('kb_feedback').select(['article_id', 'helpful', 'comment', 'created_at']).where('user_id', '=', userId).orderBy('id').execute();
  const kbEvents = await db.selectFrom('kb_events').select(['kind', 'article_id', 'query', 'created_at']).where('user_id', '=', userId).orderBy('id').execute();
  const audit = await db
    .selectFrom('audit_log')
    .select(['id', 'action', 'actor_id', 'target_type', 'target_id', 'target_label', 'client_ip', 'details', 'created_at'])
    .where((eb) =>
      eb.or([eb('actor_id', '=', userId), eb.and([eb('target_type', '=', 'user'), eb('target_id', '=', userId)]), eb.and([eb('target_type', '=', 'address'), eb('target_label', '=', user.email)])]),
    )
    .orderBy('id')
    .execute();
  const sessions = await db.selectFrom('sessions').select(['created_at', 'expires_at']).where('user_id', '=', userId).execute();
  const apiTokens = await db.selectFrom('api_tokens').select(['name', 'created_at', 'last_used_at', 'revoked_at']).where('user_id', '=', userId).execute();
  const totp = await db.selectFrom('user_totp').select(['confirmed_at', 'created_at']).where('user_id', '=', userId).executeTakeFirst();
  const views = await db.selectFrom('saved_views').select(['name', 'filters', 'sort', 'created_at']).where('user_id', '=', userId).execute();
  const following = await db.selectFrom('ticket_followers').select(['ticket_id', 'created_at']).where('user_id', '=', userId).execute();
  const ccOn = await db.selectFrom('ticket_ccs').select('ticket_id').where('email', '=', user.email).execute();
  const mails = await db
    .selectFrom('inbound_mails')
    .select(['id', 'message_id', 'received_at', 'subject', 'status', 'ticket_id', 'client_ip'])
    .where('from_address', '=', user.email)
    .orderBy('id')
    .execute();
  const resets = await db.selectFrom('password_resets').select(['created_at', 'expires_at', 'used_at']).where('user_id', '=', userId).execute();
  const verifications = await db.selectFrom('email_verifications').select(['email', 'created_at', 'expires_at', 'used_at']).where('user_id', '=', userId).execute();

  return {
    exportedAt: new Date().toISOString(),
    profile: { ...profile, hasPassword: password_hash !== null, organisation: organisation ?? null, groups },
    tickets: tickets.map((t) => ({
      ...t,
      tags: tags.filter((g) => g.ticket_id === t.id).map((g) => g.tag),
      cc: ccs.filter((c) => c.ticket_id === t.id).map((c) => c.email),
      messages: messages.filter((m) => m.ticket_id === t.id),
      history: history.filter((h) => h.ticket_id === t.id),
    })),
    messagesWritten: written,
    attachmentsUploaded: attachments,
    ratings,
    knowledgeBase: { feedback: kbFeedback, events: kbEvents },
    signInHistory: audit.filter((a) => a.action.startsWith('auth.')).map((a) => ({ ...a, details: parse(a.details) })),
    auditEntries: audit.filter((a) => !a.action.startsWith('auth.')).map((a) => ({ ...a, details: parse(a.details) })),
    sessions,
    apiTokens,
    twoFactor: totp ? { enabled: totp.confirmed_at !== null, since: totp.confirmed_at ?? null } : { enabled: false, since: null },
    savedViews: views.map((v) => ({ ...v, filters: parse(v.filters) })),
    followedTickets: following,
    ccOnTickets: ccOn.map((c) => c.ticket_id),
    inboundMails: mails,
    passwordResets: resets,
    emailVerifications: verifications,
  };
}
