import autocannon from 'autocannon';
import { endWithParent } from './end-with-parent.ts';

/**
 * Drives a server with autocannon in a process of its own, so that the load generator does
 * not share the event loop with the server it measures. Input: one JSON argument; output:
 * one JSON line on stdout.
 */
export interface LoadClientConfig {
  url: string;
  path: string;
  connections: number;
  durationSeconds: number;
  headers: Record<string, string>;
  /** Request bodies, sent in turn. */
  bodies: unknown[];
  /** GET instead of POST: the paths, requested in turn (`path` and `bodies` are then unused). */
  getPaths?: string[];
}

export interface LoadClientResult {
  ok: number;
  non2xx: number;
  errors: number;
  durationSeconds: number;
  perSecond: number;
  latencyP50: number;
  latencyP99: number;
}

endWithParent();
const config = JSON.parse(process.argv[2] ?? '{}') as LoadClientConfig;
const bodies = config.bodies.map((b) => JSON.stringify(b));
let next = 0;

const result = await autocannon({
  url: config.url,
  connections: config.connections,
  duration: config.durationSeconds,
  requests: [
    config.getPaths
      ? { method: 'GET', path: config.getPaths[0]!, headers: config.headers, setupRequest: (request) => ({ ...request, path: config.getPaths![next++ % config.getPaths!.length]! }) }
      : {
          method: 'POST',
          path: config.path,
          headers: { 'content-type': 'application/json', ...config.headers },
          setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
        },
  ],
});

const ok = result['2xx'];
const out: LoadClientResult = {
  ok,
  non2xx: result.non2xx,
  errors: result.errors + result.timeouts,
  durationSeconds: result.duration,
  perSecond: ok / result.duration,
  latencyP50: result.latency.p50,
  latencyP99: result.latency.p99,
};
console.log(JSON.stringify(out));
