import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../test/run-command.ts';
import { runCli } from '../../test/server-process.ts';

describe('the anlauf command line', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-cli-'));
  const env = { ANLAUF_DATA_DIR: dataDir, ANLAUF_ADMIN_EMAIL: 'chefin@example.test', ANLAUF_ADMIN_PASSWORD: 'chefin-passwort-1' };
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('migrates, adds users and tokens, and fails with one line and a non-zero code', async () => {
    const migrate = await runCommand(['migrate'], env);
    expect(migrate.status, migrate.stderr).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'anlauf.sqlite'))).toBe(true);
    expect(migrate.stdout).toMatch(/^Applied: .*search-scope/m);
    const again = await runCommand(['migrate'], env);
    expect(again.stdout.trim().split('\n').pop()).toBe('The schema is up to date.');

    const agent = await runCommand(['user', 'add', '--email', 'Jonas@Example.test', '--name', 'Jonas Jäger', '--role', 'agent'], env);
    expect(agent.status, agent.stderr).toBe(0);
    const user = JSON.parse(agent.stdout.trim().split('\n').pop()!);
    expect(user).toMatchObject({ email: 'jonas@example.test', name: 'Jonas Jäger', role: 'agent', groupIds: [1] });
    expect(agent.stdout).not.toMatch(/hash/i);

    const spec = await runCommand(
      ['user', 'add', '--email', 'sam@example.test', '--name', 'Sam', '--role', 'agent', '--group', '2nd Level Support', '--group', 'Service Desk', '--password', 'sam-passwort-1'],
      env,
    );
    expect(spec.status, spec.stderr).toBe(0);
    expect(JSON.parse(spec.stdout.trim().split('\n').pop()!).groupIds.sort()).toEqual([1, 2]);

    const token = await runCommand(['token', 'add', '--email', 'jonas@example.test', '--name', 'script'], env);
    expect(token.status, token.stderr).toBe(0);
    expect(token.stdout.trim().split('\n').pop()).toMatch(/^anl_[\w-]{40,}$/);

    for (const [args, pattern] of [
      [['user', 'add', '--email', 'jonas@example.test', '--name', 'Again', '--role', 'agent'], /exists already/],
      [['user', 'add', '--email', 'x@example.test', '--name', 'X', '--role', 'king'], /--role must be one of/],
      [['user', 'add', '--email', 'x@example.test', '--name', 'X', '--role', 'agent', '--group', 'Nirgendwo'], /no group named "Nirgendwo"/],
      [['user', 'add', '--email', 'x@example.test', '--name', 'X', '--role', 'customer', '--org', 'Gibtsnicht'], /no organisation named/],
      [['user', 'add', '--email', 'x@example.test', '--name', 'X', '--role', 'customer', '--password', 'kurz'], /at least 10 characters/],
      [['token', 'add', '--email', 'nobody@example.test'], /no active user/],
      [['user', 'add', '--bogus'], /Unknown option/],
      [['fly'], /unknown command/],
    ] as const) {
      const run = await runCommand([...args], env);
      expect(run.status, `${args.join(' ')}: ${run.stdout}`).not.toBe(0);
      const lines = run.stderr.trim().split('\n');
      expect(lines, run.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^anlauf: /);
      expect(lines[0]).toMatch(pattern);
    }
  });

  it('refuses a DATABASE_URL that is not PostgreSQL with one line', async () => {
    const run = await runCommand(['migrate'], { ...env, DATABASE_URL: 'mysql://root@localhost/x' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toMatch(/^anlauf: DATABASE_URL must start with postgres:\/\//);
  });
});

// The one test through bin/anlauf.mjs as its own process (each start costs seconds of tsx): what
// scripts rely on, the exit code, the JSON or token on stdout and the single line on stderr.
describe('the anlauf process', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-cli-process-'));
  const env = { ANLAUF_DATA_DIR: dataDir, ANLAUF_ADMIN_EMAIL: 'chefin@example.test', ANLAUF_ADMIN_PASSWORD: 'chefin-passwort-1' };
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('exits 0 with the user as JSON and the token alone on the last line, and fails with code 1 and one line on stderr', () => {
    const agent = runCli(['user', 'add', '--email', 'Ina@Example.test', '--name', 'Ina Imker', '--role', 'agent'], env);
    expect(agent.status, agent.stderr).toBe(0);
    expect(JSON.parse(agent.stdout.trim().split('\n').pop()!)).toMatchObject({ email: 'ina@example.test', name: 'Ina Imker', role: 'agent' });

    const token = runCli(['token', 'add', '--email', 'ina@example.test'], env);
    expect(token.status, token.stderr).toBe(0);
    expect(token.stdout.trim().split('\n').pop()).toMatch(/^anl_[\w-]{40,}$/);

    const again = runCli(['user', 'add', '--email', 'ina@example.test', '--name', 'Again', '--role', 'agent'], env);
    expect(again.status, again.stdout).toBe(1);
    const lines = again.stderr.trim().split('\n');
    expect(lines, again.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^anlauf: .*exists already/);
  }, 120_000);
});
