import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { de } from './de.ts';
import { en } from './en.ts';
import { pickLanguage } from './index.ts';

function flatten(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (inner && typeof inner === 'object') for (const [k, v] of flatten(inner, path)) out.set(k, v);
    else out.set(path, inner);
  }
  return out;
}

const webRoot = fileURLToPath(new URL('..', import.meta.url));
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'dist' || name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('translations', () => {
  const german = flatten(de);
  const english = flatten(en);

  it('German and English have exactly the same keys', () => {
    expect([...german.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('no text is empty or left untranslated as a placeholder', () => {
    for (const [key, value] of [...german, ...english]) {
      expect(typeof value, key).toBe('string');
      expect((value as string).trim(), key).not.toBe('');
    }
  });

  it('placeholders match between the languages', () => {
    const names = (s: unknown) => [...String(s).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of english) expect(names(german.get(key)), key).toEqual(names(value));
  });

  it('every literal key used in the code exists', () => {
    const plural = (key: string) => english.has(key) || english.has(`${key}_one`);
    const missing: string[] = [];
    for (const file of sourceFiles(webRoot)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z]+\.[\w.-]+)'/g)) {
        if (!plural(match[1]!)) missing.push(`${match[1]} in ${file.slice(webRoot.length)}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('pickLanguage', () => {
  it('prefers the profile, then the browser, then German', () => {
    expect(pickLanguage('en', ['de-DE'])).toBe('en');
    expect(pickLanguage(null, ['fr-FR', 'en-GB'])).toBe('en');
    expect(pickLanguage('', ['de-AT'])).toBe('de');
    expect(pickLanguage(undefined, ['fr'])).toBe('de');
  });
});
