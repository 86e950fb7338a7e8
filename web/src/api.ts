/** The console's only way to the alert-api: same origin, Bearer token, errors with the server's sentences. */

const TOKEN_KEY = 'childalert.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: string[],
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }

  /** The server's sentences keyed by the field path they start with (e.g. "child.age must be …"). */
  fieldProblems(): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const problem of this.problems.length > 0 ? this.problems : [this.message]) {
      const path = /^([A-Za-z0-9_.[\]]+) /.exec(problem)?.[1];
      if (path !== undefined) fields[path] ??= problem;
    }
    return fields;
  }
}

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export interface RequestOptions {
  body?: unknown;
  /** A raw body (a photo) with its content type, instead of JSON. */
  raw?: { data: Blob; type: string };
  query?: Record<string, string | undefined>;
}

export async function api<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = session.token();
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.raw) {
    headers['Content-Type'] = options.raw.type;
    body = options.raw.data;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== '') query.set(name, value);
  }
  const url = query.size > 0 ? `${path}?${query.toString()}` : path;
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  const json = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  if (!response.ok) {
    if (response.status === 401 && path !== '/v1/auth/token') {
      session.clear();
      window.dispatchEvent(new Event('childalert:logout'));
    }
    const problems = Array.isArray(json.problems) ? json.problems.map(String) : [];
    const message = typeof json.message === 'string' ? json.message : response.statusText;
    throw new ApiError(response.status, message, problems, json);
  }
  return json as T;
}

/** Absolute URLs the API builds from PUBLIC_BASE_URL, as paths on this origin (the console is served by it). */
export function localUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

/**
 * Server-sent events over fetch (EventSource cannot send the Bearer token):
 * calls `onEvent` with each event's parsed data until `signal` aborts.
 */
export async function streamEvents(
  path: string,
  onEvent: (data: unknown) => void,
  signal: AbortSignal,
): Promise<void> {
  const response = await fetch(path, {
    headers: { Accept: 'text/event-stream', Authorization: `Bearer ${session.token() ?? ''}` },
    signal,
  });
  if (!response.ok || response.body === null) throw new Error(`stream ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim())
        .join('\n');
      if (data !== '') onEvent(JSON.parse(data));
    }
  }
}
