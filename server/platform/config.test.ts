import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const load = (env: NodeJS.ProcessEnv) => loadConfig(env, { readDotenv: false });

describe('configuration from the environment', () => {
  it('takes the defaults when a setting is unset or empty, and 0 where 0 means off', () => {
    const defaults = load({ ANLAUF_DB_POOL: '', ANLAUF_BACKPRESSURE_EVENTS: ' ' });
    expect(defaults.dbPool).toBe(10);
    expect(defaults.backpressureEvents).toBe(2000);
    expect(defaults.backpressureJobLagSeconds).toBe(5);
    expect(defaults.workerConcurrency).toBeUndefined();
    expect(defaults.mailSenderLimit).toEqual({ count: 30, seconds: 600 });
    expect(defaults.agentDigestSeconds).toBe(60);
    const off = load({ ANLAUF_BACKPRESSURE_EVENTS: '0', ANLAUF_BACKPRESSURE_JOB_LAG: '0', ANLAUF_REOPEN_DAYS: '0', ANLAUF_AGENT_DIGEST_SECONDS: '0' });
    expect([off.backpressureEvents, off.backpressureJobLagSeconds, off.reopenDays, off.agentDigestSeconds]).toEqual([0, 0, 0, 0]);
    const set = load({ ANLAUF_DB_POOL: ' 25 ', ANLAUF_BACKPRESSURE_JOB_LAG: '2.5', ANLAUF_WORKER_CONCURRENCY: '8', ANLAUF_MAIL_SENDER_LIMIT: '100 / 60', ANLAUF_MAIL_REOPEN_DAYS: '30' });
    expect([set.dbPool, set.backpressureJobLagSeconds, set.workerConcurrency, set.reopenDays]).toEqual([25, 2.5, 8, 30]);
    expect(set.mailSenderLimit).toEqual({ count: 100, seconds: 60 });
  });

  it('refuses a value it cannot use and names the setting, instead of running with a default or with the feature off', () => {
    expect(() => load({ ANLAUF_DB_POOL: '1O' })).toThrow('ANLAUF_DB_POOL must be a whole number from 1 to 1000, got "1O"');
    expect(() => load({ ANLAUF_BACKPRESSURE_EVENTS: 'many' })).toThrow('ANLAUF_BACKPRESSURE_EVENTS must be a whole number from 0 up, got "many"');
    expect(() => load({ ANLAUF_BACKPRESSURE_JOB_LAG: '-1' })).toThrow('ANLAUF_BACKPRESSURE_JOB_LAG must be a number from 0 to 3600, got "-1"');
    expect(() => load({ ANLAUF_WORKER_CONCURRENCY: '0' })).toThrow('ANLAUF_WORKER_CONCURRENCY must be a whole number from 1 to 1000, got "0"');
    expect(() => load({ ANLAUF_AGENT_DIGEST_SECONDS: '-5' })).toThrow('ANLAUF_AGENT_DIGEST_SECONDS must be a whole number from 0 to 86400, got "-5"');
    expect(() => load({ ANLAUF_AGENT_DIGEST_SECONDS: '1m' })).toThrow('ANLAUF_AGENT_DIGEST_SECONDS must be a whole number');
    expect(() => load({ ANLAUF_JOB_LOCK_SECONDS: '1.5' })).toThrow('ANLAUF_JOB_LOCK_SECONDS must be a whole number from 1 up');
    expect(() => load({ ANLAUF_MAIL_REOPEN_DAYS: 'two weeks' })).toThrow('ANLAUF_MAIL_REOPEN_DAYS must be a whole number from 0 to 3650');
    expect(() => load({ ANLAUF_MAIL_SENDER_LIMIT: '30 per 600' })).toThrow('ANLAUF_MAIL_SENDER_LIMIT must be mails/seconds such as 30/600, got "30 per 600"');
    expect(() => load({ ANLAUF_MAIL_SENDER_LIMIT: '0/60' })).toThrow('ANLAUF_MAIL_SENDER_LIMIT must be mails/seconds');
    expect(() => load({ PORT: '70000' })).toThrow('PORT must be a port number, got "70000"');
  });

  it('reads a .env file in the working directory where there is one, and the environment wins over it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-dotenv-'));
    const saved = { cwd: process.cwd(), PORT: process.env.PORT, HOST: process.env.HOST };
    try {
      process.chdir(dir);
      delete process.env.PORT;
      process.env.HOST = '0.0.0.0';
      expect(loadConfig().port).toBe(3000);
      fs.writeFileSync(path.join(dir, '.env'), 'PORT=3456\nHOST=10.0.0.1\n');
      const config = loadConfig();
      expect(config.port).toBe(3456);
      expect(config.host).toBe('0.0.0.0');
    } finally {
      process.chdir(saved.cwd);
      for (const name of ['PORT', 'HOST'] as const) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
