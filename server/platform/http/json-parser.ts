import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * JSON bodies must be valid UTF-8 (Fastify's default would silently replace bad bytes) and
 * must not smuggle prototype keys.
 */
export function registerJsonParser(app: FastifyInstance): void {
  const parseString = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, raw, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(raw as Buffer);
    } catch {
      done(new AppError('invalid_input', 'The request body is not valid UTF-8.'), undefined);
      return;
    }
    void parseString(request, text, done);
  });
}
