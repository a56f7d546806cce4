/** A signed-in console user. */
export interface Me {
  name: string;
  role: 'admin' | 'operator' | 'marketing';
}

/** A ticket as GET /console/api/tickets lists it (shopper id masked). */
export interface TicketRow {
  ref: string;
  createdAt: string;
  channel: string;
  shopper: string;
  text: string;
  dueBy: string | null;
  status: 'open' | 'done';
}

/** An API answer that was not 2xx. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The whole JSON answer (e.g. the studio's `problems` and `failures` of a refused publish). */
    readonly body?: unknown,
  ) {
    super(message);
  }
}

let csrfToken = '';

/** A JSON call to `/console/api/<path>` with the session cookie (and the CSRF header on non-GET); throws ApiError. */
export async function call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-kefu-csrf'] = csrfToken;
  const res = await fetch(`/console/api/${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (await res.json().catch(() => ({}))) as { message?: string };
  if (!res.ok) throw new ApiError(res.status, data.message ?? res.statusText, data);
  return data as T;
}

/** The signed-in user, or undefined when nobody is (401). */
export async function fetchMe(): Promise<Me | undefined> {
  try {
    const data = await call<{ user: Me; csrfToken: string }>('GET', 'me');
    csrfToken = data.csrfToken;
    return data.user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return undefined;
    throw err;
  }
}

/** Sign in; throws ApiError 401 (wrong name or password) or 429 (too many failures). */
export async function login(name: string, password: string): Promise<Me> {
  const data = await call<{ user: Me; csrfToken: string }>('POST', 'login', { name, password });
  csrfToken = data.csrfToken;
  return data.user;
}

/** Sign out (the session ends on the server). */
export async function logout(): Promise<void> {
  await call('POST', 'logout', {});
  csrfToken = '';
}

/** The newest tickets first. */
export async function fetchTickets(): Promise<TicketRow[]> {
  return (await call<{ tickets: TicketRow[] }>('GET', 'tickets')).tickets;
}
