import { parentPort } from 'node:worker_threads';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The code a worker thread starts with (an eval'd script) to run one of our TypeScript modules:
 * from the sources it loads tsx first, from the bundle the module's own entry point
 * (scripts/build-server.mjs bundles it as `bundled`, beside dist/server/anlauf.js). Undefined
 * where the bundle lacks that entry point.
 *
 * `here` is the caller's import.meta.url and `entry` the module's path relative to it.
 */
export function threadCode(here: string, entry: string, bundled: string): string | undefined {
  if (here.endsWith('.ts')) {
    const require = createRequire(here);
    const tsx = JSON.parse(fs.readFileSync(require.resolve('tsx/package.json'), 'utf8')) as { exports: Record<string, { import?: { default?: string } }> };
    const api = tsx.exports['./esm/api']?.import?.default;
    if (!api) return undefined;
    const apiUrl = new URL(api, pathToFileURL(require.resolve('tsx/package.json'))).href;
    const entryUrl = new URL(entry, here).href;
    return `import(${JSON.stringify(apiUrl)}).then(({ register }) => { register(); return import(${JSON.stringify(entryUrl)}); });`;
  }
  // The bundle: the caller sits in dist/server/ or dist/server/chunks/.
  for (const candidate of [`./${bundled}`, `../${bundled}`]) {
    const url = new URL(candidate, here);
    if (fs.existsSync(fileURLToPath(url))) return `import(${JSON.stringify(url.href)});`;
  }
  return undefined;
}

/**
 * The thread's side of platform/request-thread.ts, for an entry point started by threadCode:
 * says it is ready once its code has loaded (before that, a failure means the thread cannot run
 * at all and the caller's fallback takes over), then answers each request with `handle`'s
 * result or its error's message.
 */
export function answerRequests<In, Out>(handle: (input: In) => Promise<Out>): void {
  const port = parentPort;
  if (!port) throw new Error('This module runs as a worker thread only.');
  port.postMessage({ ready: true });
  port.on('message', ({ id, input }: { id: number; input: In }) => {
    // Promise.resolve first: a handler that throws at once answers like one that rejects.
    Promise.resolve()
      .then(() => handle(input))
      .then(
        (result) => port.postMessage({ id, result }),
        (error: unknown) => port.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
      );
  });
}
