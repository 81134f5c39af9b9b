import { type ResourceLimits, Worker } from 'node:worker_threads';

/**
 * A worker thread that answers requests, one message each way: the main thread posts
 * `{ id, input }`, the thread answers `{ id, result }` or `{ id, error }` (a message text). The
 * thread says `{ ready: true }` once its code has loaded.
 *
 * It starts with the first request and is unreferenced while it holds none, so an idle thread
 * never keeps the process alive. A thread that dies fails the requests it held (their jobs are
 * retried) and is started again for the next one. With a `fallback`, a thread that dies before
 * it said ready (its code cannot load, and will not next time either) hands its requests and
 * every later one to the fallback, on the calling thread.
 */
export interface RequestThread<In, Out> {
  call(input: In): Promise<Out>;
  /** Ends the thread; later calls go to the fallback, or fail. */
  stop(): Promise<void>;
}

export interface RequestThreadOptions<In, Out> {
  /** The thread's code, run as an eval'd script. */
  code: string;
  /** For error messages: "The mail parser thread". */
  name: string;
  workerData?: unknown;
  resourceLimits?: ResourceLimits;
  fallback?: (input: In) => Promise<Out>;
  /** Told why requests go to the fallback from now on. */
  onFallback?: (reason: string) => void;
  /** Turns what the thread answered back into what callers get (structured clone loses Buffer). */
  revive?: (result: Out) => Out;
}

interface Waiting<In, Out> {
  input: In;
  resolve: (result: Out) => void;
  reject: (error: Error) => void;
}

export function startRequestThread<In, Out>(options: RequestThreadOptions<In, Out>): RequestThread<In, Out> {
  const pending = new Map<number, Waiting<In, Out>>();
  let nextId = 0;
  let worker: Worker | undefined;
  let stopped = false;
  let useFallback = false;

  const start = (): Worker => {
    const thread = new Worker(options.code, { eval: true, workerData: options.workerData, ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}) });
    thread.unref();
    let ready = false;
    thread.on('message', (message: { ready?: true; id: number; result?: Out; error?: string }) => {
      if (message.ready) {
        ready = true;
        return;
      }
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (pending.size === 0) thread.unref();
      if (message.error === undefined) waiting?.resolve(options.revive ? options.revive(message.result as Out) : (message.result as Out));
      else waiting?.reject(new Error(message.error));
    });
    const fail = (error: Error) => {
      if (worker === thread) worker = undefined;
      const waiting = [...pending.values()];
      pending.clear();
      if (!ready && options.fallback && !stopped) {
        if (!useFallback) options.onFallback?.(error.message);
        useFallback = true;
        for (const request of waiting) options.fallback(request.input).then(request.resolve, request.reject);
        return;
      }
      for (const request of waiting) request.reject(error);
    };
    thread.on('error', fail);
    thread.on('exit', () => fail(new Error(`${options.name} stopped.`)));
    return thread;
  };

  return {
    call(input) {
      if (useFallback && options.fallback) return options.fallback(input);
      if (stopped) return Promise.reject(new Error(`${options.name} is shut down.`));
      worker ??= start();
      const thread = worker;
      const id = ++nextId;
      return new Promise<Out>((resolve, reject) => {
        pending.set(id, { input, resolve, reject });
        thread.ref();
        thread.postMessage({ id, input });
      });
    },
    async stop() {
      stopped = true;
      if (options.fallback) useFallback = true;
      const thread = worker;
      worker = undefined;
      await thread?.terminate();
    },
  };
}
