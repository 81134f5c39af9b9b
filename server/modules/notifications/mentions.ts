import type { Executor } from '../../platform/db/database.ts';

/**
 * @-mentions in a message body. Three spellings name an agent:
 * - `@anna.schmidt@nordlicht.example` — the e-mail address,
 * - `@Anna.Schmidt` — the name with dots for spaces,
 * - `@"Anna Schmidt"` — the full name in quotes,
 * all compared case-insensitively. An `@` inside a word (a plain e-mail address) is no mention.
 */
export interface MentionCandidates {
  emails: Set<string>;
  /** Dotted names; for `@Anna.Schmidt.Danke` both `anna.schmidt` and `anna.schmidt.danke`. */
  dotted: Set<string>;
  quoted: Set<string>;
}

const START = String.raw`(?<![\p{L}\p{N}_.@+-])@`;
const EMAIL = new RegExp(`${START}([\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+)`, 'gu');
const QUOTED = new RegExp(`${START}"([^"\\n]{1,200})"`, 'gu');
const DOTTED = new RegExp(`${START}([\\p{L}\\p{M}'’-]+(?:\\.[\\p{L}\\p{M}'’-]+)+)(?![\\p{L}\\p{M}\\p{N}_@'’-])`, 'gu');

const fold = (s: string) => s.normalize('NFC').toLowerCase().trim();
/** "Anna  Maria Schmidt" → "anna.maria.schmidt" */
const dottedName = (name: string) => fold(name).split(/\s+/).join('.');
const spacedName = (name: string) => fold(name).split(/\s+/).join(' ');

/** A cheap test before any lookup: could this text mention anybody at all? */
export const mayMention = (body: string) => body.includes('@');

export function parseMentions(body: string): MentionCandidates {
  const emails = new Set<string>();
  const dotted = new Set<string>();
  const quoted = new Set<string>();
  // Addresses first and blanked out, so that `@anna.schmidt@x.example` is not also read as a name.
  const rest = body.replace(EMAIL, (whole, email: string) => {
    emails.add(fold(email));
    return ' '.repeat(whole.length);
  });
  for (const match of rest.matchAll(QUOTED)) quoted.add(spacedName(match[1]!));
  for (const match of rest.matchAll(DOTTED)) {
    const parts = fold(match[1]!).split('.');
    for (let n = 2; n <= parts.length; n++) dotted.add(parts.slice(0, n).join('.'));
  }
  return { emails, dotted, quoted };
}

export interface MentionedAgent {
  id: number;
  email: string;
  name: string;
  locale: string | null;
}

/**
 * The agents a message mentions who should hear of it: active agents and admins who may see the
 * ticket (admins, and members of the ticket's group, as visibleTickets scopes it), never the
 * author. Customers are never matched. Each person once, however often they are named; two
 * agents sharing a name are both told rather than guessing between them.
 */
export async function mentionedAgents(db: Executor, body: string, ticket: { group_id: number }, authorId: number): Promise<MentionedAgent[]> {
  if (!mayMention(body)) return [];
  const { emails, dotted, quoted } = parseMentions(body);
  if (emails.size + dotted.size + quoted.size === 0) return [];
  const agents = await db
    .selectFrom('users')
    .leftJoin('group_members', (join) => join.onRef('group_members.user_id', '=', 'users.id').on('group_members.group_id', '=', ticket.group_id))
    .select(['users.id', 'users.email', 'users.name', 'users.locale', 'users.role', 'group_members.user_id as member'])
    .where('users.role', 'in', ['agent', 'admin'])
    .where('users.active', '=', 1)
    .where('users.id', '!=', authorId)
    .execute();
  const seen = new Set<number>();
  const result: MentionedAgent[] = [];
  for (const agent of agents) {
    if (seen.has(agent.id)) continue;
    const named = emails.has(fold(agent.email)) || dotted.has(dottedName(agent.name)) || quoted.has(spacedName(agent.name));
    const maySee = agent.role === 'admin' || agent.member !== null;
    if (!named || !maySee) continue;
    seen.add(agent.id);
    result.push({ id: agent.id, email: agent.email, name: agent.name, locale: agent.locale });
  }
  return result;
}
