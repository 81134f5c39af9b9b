import { franc } from 'franc-min';
import type { Executor } from '../../platform/db/database.ts';
import { dialectOf } from '../../platform/db/dialect.ts';
import { inList, listParameter, prepared } from '../../platform/db/prepared.ts';
import type { Locale } from '../../../shared/enums.ts';

/** ISO 639-3 codes of the languages Anlauf speaks, as franc names them. */
const KNOWN: Record<string, Locale> = { deu: 'de', eng: 'en' };

/**
 * The language of a text, restricted to the ones Anlauf speaks; null when the text is too
 * short or too unclear to tell (franc needs a few words; a "Hi" or a bare URL says nothing).
 */
export function detectLanguage(text: string): Locale | null {
  const words = text
    .replace(/https?:\/\/\S+|\S+@\S+/g, ' ')
    .replace(/^>.*$/gm, ' ')
    .trim();
  const code = franc(words, { only: Object.keys(KNOWN), minLength: 12 });
  return KNOWN[code] ?? null;
}

/**
 * A person's mail language: the one they (or an admin) chose, else the language of their own
 * first written message, which is then stored so that it stays the same for every later mail.
 * Null when nothing is known yet. The notifications (for the receipt of a new ticket) and the
 * detect-language subscriber learn through learnedLocales; whichever runs first stores, the
 * other finds it set.
 */
export async function learnedLocale(db: Executor, userId: number): Promise<Locale | null> {
  const user = await db.selectFrom('users').select('locale').where('id', '=', userId).executeTakeFirst();
  if (!user) return null;
  if (user.locale === 'de' || user.locale === 'en') return user.locale;
  return (await learnedLocales(db, [userId])).get(userId) ?? null;
}

/**
 * The first three public messages of each person: on PostgreSQL one statement for all (a
 * lateral join, so each person's read stops after three rows of the index however much they
 * wrote), on SQLite, in process, one indexed read each.
 */
const firstWordsOfEach = prepared((db, p: { ids: ReturnType<typeof listParameter> }) =>
  db
    .selectFrom('users')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('messages')
          .select(['messages.id', 'messages.body'])
          .whereRef('messages.author_id', '=', 'users.id')
          .where('messages.internal', '=', 0)
          .orderBy('messages.id')
          .limit(3)
          .as('first'),
      (join) => join.onTrue(),
    )
    .select(['users.id as author_id', 'first.id', 'first.body'])
    .where(inList('users.id', p.ids, 'postgres', 'bigint')),
);
const firstWordsOfOne = prepared((db, p: { id: number }) =>
  db.selectFrom('messages').select(['author_id', 'id', 'body']).where('author_id', '=', p.id).where('internal', '=', 0).orderBy('id').limit(3),
);

/** Each person's rows in the order written. */
async function firstWords(db: Executor, userIds: number[]): Promise<Array<{ author_id: number; id: number; body: string }>> {
  if (dialectOf(db) === 'postgres') return (await firstWordsOfEach.execute(db, { ids: listParameter(userIds, 'postgres') })).sort((a, b) => a.author_id - b.author_id || a.id - b.id);
  const rows: Array<{ author_id: number; id: number; body: string }> = [];
  for (const id of userIds) rows.push(...(await firstWordsOfOne.execute(db, { id })));
  return rows;
}

/**
 * learnedLocale for people whose locale the caller found unset, in one read and at most one
 * write per language: the language of each one's first written message that tells (a one-word
 * reply is skipped in favour of the next one), stored where still unset. Absent: nothing known.
 */
export async function learnedLocales(db: Executor, userIds: number[]): Promise<Map<number, Locale>> {
  const learned = new Map<number, Locale>();
  if (userIds.length === 0) return learned;
  for (const row of await firstWords(db, [...new Set(userIds)])) {
    if (learned.has(row.author_id)) continue;
    const detected = detectLanguage(row.body);
    if (detected) learned.set(row.author_id, detected);
  }
  for (const locale of ['de', 'en'] as const) {
    const ids = [...learned].filter(([, l]) => l === locale).map(([id]) => id);
    if (ids.length > 0) await db.updateTable('users').set({ locale }).where('id', 'in', ids).where('locale', 'is', null).execute();
  }
  return learned;
}
