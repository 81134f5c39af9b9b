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
