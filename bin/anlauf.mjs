#!/usr/bin/env node
// The anlauf command. Runs the TypeScript sources through tsx, so there is no build step
// for the server; the web app is built by `anlauf serve` when its bundle is missing.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/ops/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
