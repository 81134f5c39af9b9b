import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The web app's own unit tests (pure logic, no browser); the browser tests live in e2e/. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: { include: ['**/*.test.ts'], exclude: ['dist/**', 'node_modules/**'], environment: 'node' },
});
