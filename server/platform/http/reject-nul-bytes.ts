import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/** Nesting deeper than this is not walked further (our contracts nest a few levels at most). */
const MAX_DEPTH = 32;

/** The path of the first string (or object key) that holds a NUL character, or undefined. */
export function findNulByte(value: unknown, path = '', depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'value' : undefined;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return undefined;
  if (Buffer.isBuffer(value)) return undefined;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const here = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return here;
    const found = findNulByte(item, here, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * PostgreSQL cannot store a NUL character in text (it fails the whole statement), and no
 * person types one. Every route's parsed JSON body, query string and path parameters are
 * checked here, once, before validation: a route added later cannot forget it.
 */
export function registerNulByteGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    for (const [where, value] of [
      ['body', request.body],
      ['query', request.query],
      ['params', request.params],
    ] as const) {
      const field = findNulByte(value);
      if (field !== undefined) {
        throw new AppError('invalid_input', 'The request contains a NUL character (\\u0000), which no text field accepts. Remove it and try again.', {
          fields: { [where === 'body' ? field : `${where}.${field}`]: 'Contains a NUL character.' },
        });
      }
    }
  });
}
