import { PLACEHOLDERS, type Placeholder } from '../../../shared/contracts/macros.ts';
import type { Locale } from '../../../shared/enums.ts';

const PATTERN = /\{\{\s*([A-Za-z.]+)\s*\}\}/g;
const isPlaceholder = (name: string): name is Placeholder => (PLACEHOLDERS as readonly string[]).includes(name);

/** The placeholders in a text that we do not know (so an admin learns of a typo when saving, not a requester when reading). */
export function unknownPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(PATTERN)].map((m) => m[1]!).filter((name) => !isPlaceholder(name)))];
}

/** Fills in `{{requester.name}}` and the others; known names only (unknown ones were refused when saving). */
export function fillPlaceholders(text: string, values: Record<Placeholder, string>): string {
  return text.replace(PATTERN, (whole, name: string) => (isPlaceholder(name) ? values[name] : whole));
}

/** "Erika Mustermann" → "Erika"; a name of one word stays whole. */
export const firstNameOf = (name: string): string => name.trim().split(/\s+/)[0] ?? name;

/**
 * The text in the reader's language, or the other one when that is empty; null when both are.
 * `preferred`: the requester's language, else the agent's, else German (the product's first language).
 */
export function chooseText(texts: Record<Locale, string>, preferred: Locale): { text: string; locale: Locale } | null {
  const other: Locale = preferred === 'de' ? 'en' : 'de';
  if (texts[preferred].trim() !== '') return { text: texts[preferred], locale: preferred };
  if (texts[other].trim() !== '') return { text: texts[other], locale: other };
  return null;
}
