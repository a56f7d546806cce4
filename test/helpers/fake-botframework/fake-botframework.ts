import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { makeTestKey, signToken, type TestKey, type TokenClaims } from './signing';
import type { ReceivedActivity } from './received';

/** Options of {@link FakeBotFramework}. */
export interface FakeBotFrameworkOptions {
  /** The bot's App ID and password the token endpoint accepts. */
  appId?: string;
  appPassword?: string;
  /** Lifetime of the access tokens it hands out (s). @defaultValue 3600 */
  tokenLifetimeSec?: number;
  /** Channels the signing key is endorsed for. @defaultValue ['emulator', 'webchat', 'msteams', 'directline'] */
  endorsements?: string[];
  /** Delay of each token answer (ms), to see single-flight. @defaultValue 0 */
  tokenDelayMs?: number;
  /** Entra tenant whose OpenID metadata (`/{tenant}/v2.0/.well-known/openid-configuration`) it serves: single-tenant bots. */
  tenant?: string;
}

/**
 * The Microsoft side of a Bot Framework bot, on loopback: the channel service's OpenID metadata and JWKS (a test RSA
 * key signs the tokens it puts on Activities), the Entra token endpoint (client credentials), and the Bot Connector
 * at its own base URL, which is the serviceUrl of the Activities it makes: it records every Activity the bot posts.
 *
 * @example
 * const fake = await FakeBotFramework.start({ appId, appPassword });
 * await fake.post(`${kefuUrl}/api/messages`, fake.message('c-1', 'u-1', '你好'), { signed: true });
 */
export class FakeBotFramework {
  readonly received: ReceivedActivity[] = [];
  /** Called for every Activity the bot posts (benchmarks wait on it instead of polling). */
  onActivity?: (received: ReceivedActivity) => void;
  /** Token requests seen (form fields), in order. */
  readonly tokenRequests: Record<string, string>[] = [];
  private readonly issued = new Set<string>();
  private seq = 0;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    readonly key: TestKey,
    /** A key of the same shape that the JWKS does not list: tokens it signs are "badly signed". */
    readonly rogueKey: TestKey,
    /** The Entra tenant's signing key (listed only by the tenant's metadata, without endorsements). */
    readonly tenantKey: TestKey,
    private readonly options: FakeBotFrameworkOptions,
  ) {}

  static async start(options: FakeBotFrameworkOptions = {}): Promise<FakeBotFramework> {
    const endorsements = options.endorsements ?? ['emulator', 'webchat', 'msteams', 'directline'];
    const key = await makeTestKey('fake-key-1', endorsements);
    const rogue = await makeTestKey('fake-key-1', endorsements); // same kid, other key: a forged signature
    const tenantKey = await makeTestKey('fake-tenant-key-1');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeBotFramework(server, `http://127.0.0.1:${port}`, key, rogue, tenantKey, options);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void fake.handle(req, res));
    return fake;
  }

  /** OpenID metadata URL (KEFU_BOTFRAMEWORK_OPENID_URL). */
  get openIdUrl(): string {
    return `${this.baseUrl}/v1/.well-known/openidconfiguration`;
  }

  /** The serviceUrl of the Activities this fake makes (its Bot Connector). */
  get serviceUrl(): string {
    return `${this.baseUrl}/connector/`;
  }

  /** A channel token for `appId` and this fake's serviceUrl; override claims or sign with the rogue key to make a bad one. */
  token(claims: TokenClaims = {}, rogue = false): Promise<string> {
    return signToken(rogue ? this.rogueKey : this.key, { aud: this.options.appId, serviceurl: this.serviceUrl, ...claims });
  }

  /**
   * A token Entra issued in `tenant` for a single-tenant bot, signed with the tenant's key: issuer
   * `https://sts.windows.net/{tenant}/` unless `claims.iss` says otherwise, no `serviceurl` claim unless given.
   */
  tenantToken(tenant: string, claims: TokenClaims = {}): Promise<string> {
    return signToken(this.tenantKey, { aud: this.options.appId, iss: `https://sts.windows.net/${tenant}/`, ...claims });
  }

  /** A message Activity from shopper `userId` in `conversationId`. */
  message(conversationId: string, userId: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return this.activity('message', conversationId, userId, { text, ...extra });
  }

  /** An Activity of any type as a channel sends it (new id, this fake's serviceUrl). */
  activity(type: string, conversationId: string, userId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      type,
      id: `act-${++this.seq}-${randomUUID().slice(0, 6)}`,
      timestamp: new Date().toISOString(),
      serviceUrl: this.serviceUrl,
      channelId: 'webchat',
      from: { id: userId, name: '顾客' },
      conversation: { id: conversationId },
      recipient: { id: 'kefu-bot', name: '小美优选客服' },
      locale: 'zh-CN',
      ...extra,
    };
  }

  /** POSTs an Activity to the bot like the channel service (with a valid token when `token` is true, or the token given). */
  async post(
    url: string,
    activity: unknown,
    options: { token?: boolean | string; raw?: string } = {},
  ): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const token = options.token === true ? await this.token() : options.token || undefined;
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(url, { method: 'POST', headers, body: options.raw ?? JSON.stringify(activity) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // keep the text
    }
    return { status: res.status, body };
  }

  /** Activities the bot posted into one conversation. */
  receivedIn(conversationId: string): ReceivedActivity[] {
    return this.received.filter((r) => r.conversationId === conversationId);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const body = await readBody(req);
    const json = (status: number, value: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    };
    if (req.method === 'GET' && url.pathname === '/v1/.well-known/openidconfiguration')
      return json(200, {
        issuer: 'https://api.botframework.com',
        jwks_uri: `${this.baseUrl}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    if (req.method === 'GET' && url.pathname === '/v1/.well-known/keys') return json(200, { keys: [this.key.jwk] });
    const tenant = this.options.tenant;
    if (tenant && req.method === 'GET' && url.pathname === `/${tenant}/v2.0/.well-known/openid-configuration`)
      return json(200, {
        issuer: `${this.baseUrl}/${tenant}/v2.0`,
        jwks_uri: `${this.baseUrl}/${tenant}/discovery/v2.0/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    if (tenant && req.method === 'GET' && url.pathname === `/${tenant}/discovery/v2.0/keys`)
      return json(200, { keys: [this.tenantKey.jwk] });
    if (req.method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(url.pathname)) return this.tokenEndpoint(body, json);
    const connector = /^\/connector\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(url.pathname);
    if (req.method === 'POST' && connector) {
      const authorization = req.headers.authorization;
      if (this.options.appId && !(authorization && this.issued.has(authorization.replace(/^Bearer /, ''))))
        return json(401, { error: { code: 'Unauthorized', message: 'token required' } });
      const id = `reply-${++this.seq}`;
      const received: ReceivedActivity = {
        conversationId: decodeURIComponent(connector[1]!),
        ...(connector[2] && { replyToId: decodeURIComponent(connector[2]) }),
        ...(authorization && { authorization }),
        activity: JSON.parse(body) as ReceivedActivity['activity'],
        at: Date.now(),
      };
      this.received.push(received);
      this.onActivity?.(received);
      return json(201, { id });
    }
    json(404, { error: 'not found' });
  }

  private async tokenEndpoint(body: string, json: (status: number, value: unknown) => void): Promise<void> {
    const form = Object.fromEntries(new URLSearchParams(body));
    this.tokenRequests.push(form);
    if (this.options.tokenDelayMs) await new Promise((resolve) => setTimeout(resolve, this.options.tokenDelayMs));
    if (
      form.grant_type !== 'client_credentials' ||
      form.client_id !== this.options.appId ||
      form.client_secret !== this.options.appPassword
    )
      return json(401, { error: 'invalid_client' });
    const token = `fake-access-${this.tokenRequests.length}-${randomUUID()}`;
    this.issued.add(token);
    json(200, { token_type: 'Bearer', expires_in: this.options.tokenLifetimeSec ?? 3600, access_token: token });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
