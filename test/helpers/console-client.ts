/** One answer of the console API as the tests read it. */
export interface ConsoleAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The JSON body (`{}` for an empty one). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read JSON bodies by shape
  body: Record<string, any>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json(): any;
}

/**
 * A cookie-keeping console user on loopback: `login` keeps the session cookie and the CSRF token, `post` sends the
 * token, `call` sends exactly the headers given and does not follow redirects.
 *
 * @example
 * const boss = new ConsoleClient(kefu.url, PASSWORD);
 * await boss.login('boss');
 * expect((await boss.post('/console/api/users', { name, role, password })).status).toBe(201);
 */
export class ConsoleClient {
  cookie = '';
  csrf = '';

  constructor(
    private readonly base: string,
    private readonly password = '',
  ) {}

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ConsoleAnswer> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      redirect: 'manual', // a redirect (to the sign-in page) is an answer the tests check
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      text,
      get body() {
        return text ? JSON.parse(text) : {}; // read on use: pages (HTML) come through here too
      },
      json: () => JSON.parse(text),
    };
  }

  post(path: string, body: unknown = {}): Promise<ConsoleAnswer> {
    return this.call('POST', path, body, { 'x-kefu-csrf': this.csrf });
  }

  /** Sign in; on success the session cookie and CSRF token are kept. */
  async login(name: string, password = this.password): Promise<ConsoleAnswer> {
    const res = await this.call('POST', '/console/api/login', { name, password });
    if (res.status === 200) this.csrf = res.body.csrfToken;
    return res;
  }
}
