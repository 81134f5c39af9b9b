import { franc } from 'franc-min';
import type { Executor } from '../../platform/db/database.ts';
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
 * Null when nothing is known yet. Both the notifications (for the receipt of a new ticket) and
 * the detect-language subscriber call this; whichever runs first stores, the other reads.
 * `readUnset`: the caller has just read this person's locale in the same transaction and found
 * none, so it is not read again.
 */
export async function learnedLocale(db: Executor, userId: number, options: { readUnset?: boolean } = {}): Promise<Locale | null> {
  if (!options.readUnset) {
    const user = await db.selectFrom('users').select('locale').where('id', '=', userId).executeTakeFirst();
    if (!user) return null;
    if (user.locale === 'de' || user.locale === 'en') return user.locale;
  }
  const first = await db.selectFrom('messages').select('body').where('author_id', '=', userId).where('internal', '=', 0).orderBy('id', 'asc').limit(3).execute();
  // The first message that tells: a one-word reply is skipped in favour of the next one.
  const detected = first.map((m) => detectLanguage(m.body)).find((l) => l !== null) ?? null;
  if (detected) await db.updateTable('users').set({ locale: detected }).where('id', '=', userId).where('locale', 'is', null).execute();
  return detected;
}
