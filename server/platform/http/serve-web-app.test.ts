import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { DIALECTS } from '../../test/test-database.ts';

const html = { accept: 'text/html,application/xhtml+xml' };

describe.each(DIALECTS)('web app serving (%s)', (dialect) => {
  let t: TestApp;
  let dist: string;

  beforeAll(async () => {
    // A stand-in build, so the test does not depend on `vite build` having run.
    dist = mkdtempSync(path.join(os.tmpdir(), 'anlauf-web-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script>');
    writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log("app")');
    writeFileSync(path.join(dist, 'robots.txt'), 'User-agent: *');
    t = await createTestApp(dialect, { webDistDir: dist });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('answers the root page to any client (curl, monitoring)', async () => {
    const res = await t.anonymous.get('/');
    expect(res.status).toBe(200);
    expect(res.raw.body).toContain('<div id="root">');
  });

  it('serves index.html for client routes, never cached', async () => {
    for (const url of ['/', '/agent/tickets/12', '/portal/new?x=1']) {
      const res = await t.anonymous.request('GET', url, undefined, html);
      expect(res.status, url).toBe(200);
      expect(String(res.headers['content-type'])).toContain('text/html');
      expect(res.raw.body).toContain('<div id="root">');
      expect(String(res.headers['cache-control'])).toContain('no-cache');
    }
  });

  it('serves hashed assets with a long immutable cache and plain files without', async () => {
    const asset = await t.anonymous.get('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(String(asset.headers['content-type'])).toContain('javascript');
    expect(String(asset.headers['cache-control'])).toMatch(/max-age=31536000.*immutable/);
    const robots = await t.anonymous.get('/robots.txt');
    expect(robots.status).toBe(200);
    expect(String(robots.headers['cache-control'])).not.toContain('immutable');
  });

  it('never shadows the API, health or metrics', async () => {
    const api = await t.anonymous.request('GET', '/api/v1/no-such-thing', undefined, html);
    expect(api.status).toBe(404);
    expect(api.body.error.code).toBe('not_found');
    const me = await t.anonymous.request('GET', '/api/v1/auth/me', undefined, html);
    expect(me.status).toBe(401);
    const health = await t.anonymous.request('GET', '/healthz', undefined, html);
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    const metrics = await t.anonymous.request('GET', '/metrics', undefined, html);
    expect(metrics.status).toBe(401);
  });

  it('answers 404 for a missing asset, for non-browser requests, and refuses to leave the build folder', async () => {
    expect((await t.anonymous.request('GET', '/assets/missing-1234.js', undefined, html)).status).toBe(404);
    const json = await t.anonymous.request('GET', '/nothing-here', undefined, { accept: 'application/json' });
    expect(json.status).toBe(404);
    expect(json.body.error.code).toBe('not_found');
    for (const url of ['/../package.json', '/%2e%2e/package.json', '/assets/%2e%2e/%2e%2e/package.json', '/%E0%A4%A']) {
      const res = await t.anonymous.request('GET', url, undefined, html);
      expect(res.raw.body, url).not.toContain('"name": "anlauf"');
      expect(res.status, url).toBeLessThan(500);
    }
  });
});
