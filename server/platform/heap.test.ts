import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVER_ENVIRONMENT_PREFIX, SERVER_NODE_OPTIONS } from './heap.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('the serving process environment and node options', () => {
  it('are the same in npm start and in the anlauf command, and the command runs with them', () => {
    const options = SERVER_NODE_OPTIONS.join(' ');
    const start = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
    expect(start).toContain(`&& ${SERVER_ENVIRONMENT_PREFIX} node ${options} bin/anlauf.mjs serve`);
    const bin = path.join(ROOT, 'bin/anlauf.mjs');
    expect(fs.readFileSync(bin, 'utf8').split('\n')[0]).toBe(`#!/usr/bin/env -S ${SERVER_ENVIRONMENT_PREFIX} node ${options}`);
    // Started through its first line, as an installed `anlauf` is.
    const help = spawnSync(bin, ['--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('serve [--roles web,worker,mail]');
  });
});
