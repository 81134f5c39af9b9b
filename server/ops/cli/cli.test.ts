import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/server-process.ts';

describe('the anlauf command line', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-cli-'));
  const env = { ANLAUF_DATA_DIR: dataDir, ANLAUF_ADMIN_EMAIL: 'chefin@example.test', ANLAUF_ADMIN_PASSWORD: 'chefin-passwort-1' };
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('migrates, adds users and tokens, and fails with one line and a non-zero code', () => {
    const migrate = runCli(['migrate'], env);
    expect(migrate.status, migrate.stderr).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'anlauf.sqlite'))).toBe(true);

    const agent = runCli(['user', 'add', '--email', 'Jonas@Example.test', '--name', 'Jonas Jäger', '--role', 'agent'], env);
    expect(agent.status, agent.stderr).toBe(0);
    const user = JSON.parse(agent.stdout.trim().split('\n').pop()!);
    expect(user).toMatchObject({ email: 'jonas@example.test', name: 'Jonas Jäger', role: 'agent', groupIds: [1] });
    expect(agent.stdout).not.toMatch(/hash/i);

    const spec = runCli(['user', 'add', '--email', 'sam@example.test', '--name', 'Sam', '--role', 'agent', '--group', '2nd Level Support', '--group', 'Service Desk', '--password', 'sam-passwort-1'], env);
    expect(spec.status, spec.stderr).toBe(0);
    expect(JSON.parse(spec.stdout.trim().split('\n').pop()!).groupIds.sort()).toEqual([1, 2]);

    const token = runCli(['token', 'add', '--email', 'jonas@example.test', '--name', 'script'], env);
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
      const run = runCli([...args], env);
      expect(run.status, `${args.join(' ')}: ${run.stdout}`).not.toBe(0);
      const lines = run.stderr.trim().split('\n');
      expect(lines, run.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^anlauf: /);
      expect(lines[0]).toMatch(pattern);
    }
  }, 180_000);

  it('refuses a DATABASE_URL that is not PostgreSQL with one line', () => {
    const run = runCli(['migrate'], { ...env, DATABASE_URL: 'mysql://root@localhost/x' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toMatch(/^anlauf: DATABASE_URL must start with postgres:\/\//);
  }, 60_000);
});
