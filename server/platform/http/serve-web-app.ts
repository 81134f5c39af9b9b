import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { PROJECT_ROOT } from '../paths.ts';

/** Where `vite build` puts the web app (ANLAUF_WEB_DIST, through the configuration, overrides it). */
export function webDistDir(): string {
  return path.join(PROJECT_ROOT, 'web', 'dist');
}

/** Paths that belong to the server: the web app never answers for them. */
const SERVER_PATHS = /^\/(api|healthz|metrics)(\/|$)/;
const HASHED_ASSET = /^\/assets\//;

/**
 * Serves the built single-page app: files from web/dist (hashed assets cached for a year,
 * index.html never cached), and index.html for any other page a browser asks for so that
 * client-side routes survive a reload. Without a build it does nothing (API-only server).
 */
export async function serveWebApp(app: FastifyInstance, options: { distDir?: string | undefined } = {}): Promise<void> {
  const root = path.resolve(options.distDir ?? webDistDir());
  if (!existsSync(path.join(root, 'index.html'))) {
    app.log.warn({ root }, 'web app not built (run npm run build); serving the API only');
    return;
  }
  await app.register(fastifyStatic, { root, serve: false, index: false });

  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const urlPath = decodeURIComponentSafe(request.url.split('?')[0] ?? '/');
    if (urlPath === null || SERVER_PATHS.test(urlPath)) return reply.callNotFound();
    const relative = path.normalize(urlPath).replace(/^([/\\])+/, '');
    const file = path.join(root, relative);
    if (relative && file.startsWith(root + path.sep) && isFile(file)) {
      const immutable = HASHED_ASSET.test(urlPath);
      return reply.sendFile(relative, { maxAge: immutable ? '365d' : 0, immutable, cacheControl: true });
    }
    // A missing asset is a real 404; a page URL gets the app (client-side routing).
    const accept = request.headers.accept ?? '';
    const wantsPage = urlPath === '/' || accept.includes('text/html') || accept.includes('*/*');
    if (HASHED_ASSET.test(urlPath) || !wantsPage) return reply.callNotFound();
    void reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html', { maxAge: 0, cacheControl: false });
  });
}

function decodeURIComponentSafe(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
