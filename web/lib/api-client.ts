import type { z } from 'zod';

/** Calls the JSON API under /api/v1 with the session cookie and the CSRF token for writes. */
export interface ApiErrorBody {
  code: string;
  message: string;
  fields?: Record<string, string>;
  current?: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;
  readonly current: unknown;
  /** Further facts of the error beside code and message (e.g. `mergedInto` on a 409). */
  readonly details: Record<string, unknown>;
  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.fields = body.fields ?? {};
    this.current = body.current;
    const { code: _code, message: _message, fields: _fields, current: _current, ...details } = body as ApiErrorBody & Record<string, unknown>;
    this.details = details;
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * Calls the API and checks the answer against its contract schema from shared/contracts; the result has the schema's type.
 * An answer that does not match fails as ApiError code "invalid_response".
 * Importing a schema as a value brings zod along: use this in lazily loaded features, not in the entry chunk.
 */
export async function api<S extends z.ZodType>(path: string, options: RequestOptions & { schema: S }): Promise<z.output<S>> {
  const data = await send(path, options);
  const result = options.schema.safeParse(data);
  if (result.success) return result.data;
  console.error(`The answer of ${options.method ?? 'GET'} ${path} does not match its contract`, result.error.issues);
  throw new ApiError(200, { code: 'invalid_response', message: 'The server sent an answer this app does not understand.' });
}

/**
 * Like api() but without checking the answer at runtime; the type still comes from a contract schema,
 * named by type only (`apiUnchecked<typeof ticketListSchema>(…)` with `import type`), so no zod code is loaded.
 * For large list pages and for the entry chunk (the session), which stays free of zod.
 */
export async function apiUnchecked<S extends z.ZodType>(path: string, options: RequestOptions = {}): Promise<z.output<S>> {
  return (await send(path, options)) as z.output<S>;
}

/** Calls the API where the answer is 204 No Content or not read. */
export async function apiNoContent(path: string, options: RequestOptions = {}): Promise<void> {
  await send(path, options);
}

async function send(path: string, options: RequestOptions): Promise<unknown> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, { method, headers, body, signal: options.signal, credentials: 'same-origin' });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, { code: 'offline', message: 'The server cannot be reached.' });
  }
  if (response.status === 204) return undefined;
  const text = await response.text();
  const data: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const err = (data as { error?: ApiErrorBody } | undefined)?.error;
    throw new ApiError(response.status, err ?? { code: 'internal', message: response.statusText || 'Request failed.' });
  }
  return data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
