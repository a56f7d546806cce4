import { DependencyError } from '../core/errors';
import type { CommerceEventPage, CommerceGateway, Coupon, Logistics, Order, Product, RecommendQuery } from './gateway';

/** Options of {@link HttpCommerce}. */
export interface HttpCommerceOptions {
  /** Base URL of the merchant API, e.g. `https://shop.example.com/kefu-api`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>` when set. */
  token?: string;
  /** Per-request timeout. @defaultValue 5000 */
  timeoutMs?: number;
  /** fetch implementation. @defaultValue globalThis.fetch */
  fetch?: typeof fetch;
}

const DEP = 'commerce API';

/**
 * A CommerceGateway calling a merchant's REST API (contract: docs/commerce-http.md).
 * 404 on a single resource means "not found" (undefined); other failures throw DependencyError.
 *
 * @example
 * const shop = new HttpCommerce({ baseUrl: 'http://127.0.0.1:8080/api', token: process.env.KEFU_COMMERCE_TOKEN });
 * const orders = await shop.listOrders('u-1');
 */
export class HttpCommerce implements CommerceGateway {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: HttpCommerceOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.fetchFn = options.fetch ?? globalThis.fetch;
  }

  getProduct(id: string): Promise<Product | undefined> {
    return this.request<Product>('GET', `/products/${enc(id)}`, { optional: true });
  }

  async searchProducts(query: string, limit = 5): Promise<Product[]> {
    return (await this.request<Product[]>('GET', `/products?q=${enc(query)}&limit=${limit}`)) ?? [];
  }

  async recommend(q: RecommendQuery): Promise<Product[]> {
    const params = new URLSearchParams();
    if (q.category) params.set('category', q.category);
    if (q.query) params.set('q', q.query);
    if (q.limit) params.set('limit', String(q.limit));
    const qs = params.toString();
    return (await this.request<Product[]>('GET', `/users/${enc(q.userId)}/recommendations${qs ? `?${qs}` : ''}`)) ?? [];
  }

  async listOrders(userId: string): Promise<Order[]> {
    return (await this.request<Order[]>('GET', `/users/${enc(userId)}/orders`)) ?? [];
  }

  getOrder(orderId: string): Promise<Order | undefined> {
    return this.request<Order>('GET', `/orders/${enc(orderId)}`, { optional: true });
  }

  getLogistics(orderId: string): Promise<Logistics | undefined> {
    return this.request<Logistics>('GET', `/orders/${enc(orderId)}/logistics`, { optional: true });
  }

  async updateOrder(orderId: string, change: { address?: string; cancel?: boolean }): Promise<Order> {
    return (await this.request<Order>('PATCH', `/orders/${enc(orderId)}`, { body: change })) as Order;
  }

  async issueCoupon(userId: string, templateId: string): Promise<Coupon> {
    return (await this.request<Coupon>('POST', `/users/${enc(userId)}/coupons`, { body: { templateId } })) as Coupon;
  }

  async listCoupons(userId: string): Promise<Coupon[]> {
    return (await this.request<Coupon[]>('GET', `/users/${enc(userId)}/coupons`)) ?? [];
  }

  /**
   * GET /customers/by-openid/:openid?appId=<appId> → `{ customerId }`: the shop customer behind a WeChat openid;
   * 404 (unknown openid, or no such endpoint) → undefined.
   */
  async customerByOpenId(openid: string, appId?: string): Promise<string | undefined> {
    const query = appId ? `?appId=${enc(appId)}` : '';
    const found = await this.request<{ customerId?: unknown }>('GET', `/customers/by-openid/${enc(openid)}${query}`, { optional: true });
    return typeof found?.customerId === 'string' && found.customerId ? found.customerId : undefined;
  }

  /** GET /events?after=<cursor>&limit=<n> → { events, cursor }: the shop's event feed, oldest first. */
  async events(after?: string, limit = 100): Promise<CommerceEventPage> {
    const query = new URLSearchParams({ limit: String(limit), ...(after === undefined ? {} : { after }) });
    return (await this.request<CommerceEventPage>('GET', `/events?${query}`, { optional: true })) ?? { events: [], cursor: after }; // 404: no feed
  }

  private async request<T>(method: string, path: string, opts: { optional?: boolean; body?: unknown } = {}): Promise<T | undefined> {
    const res = await this.send(method, path, opts.body);
    if (res.status === 404 && opts.optional) return undefined;
    if (!res.ok) throw await httpError(method, path, res);
    try {
      return (await res.json()) as T;
    } catch (cause) {
      throw new DependencyError(
        DEP,
        `${method} ${path} returned a body that is not JSON.`,
        'make the merchant API answer with application/json as described in docs/commerce-http.md.',
        { cause },
      );
    }
  }

  private async send(method: string, path: string, body: unknown): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await this.fetchFn(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (cause) {
      const name = (cause as { name?: unknown } | null)?.name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      const what = timedOut ? `did not answer ${method} ${path} within ${this.timeoutMs} ms` : `could not be reached for ${method} ${path}`;
      throw new DependencyError(
        DEP,
        `${what} (base URL ${this.baseUrl}).`,
        'check KEFU_COMMERCE_URL and that the merchant API is running and reachable from kefu.',
        { cause },
      );
    }
  }
}

async function httpError(method: string, path: string, res: Response): Promise<DependencyError> {
  let detail = '';
  try {
    const body = (await res.json()) as { message?: unknown };
    if (typeof body?.message === 'string') detail = ` (${body.message.slice(0, 200)})`;
  } catch {
    /* body is not JSON; the status is enough */
  }
  const hint =
    res.status === 401 || res.status === 403
      ? 'check KEFU_COMMERCE_TOKEN: the merchant API refused the bearer token.'
      : res.status === 404
        ? 'check KEFU_COMMERCE_URL (the path prefix) and the ids sent; see docs/commerce-http.md.'
        : res.status === 409 || res.status === 422
          ? 'the merchant API refused the change; the message above says why.'
          : 'check the merchant API logs; kefu will try again on the next message.';
  return new DependencyError(DEP, `${method} ${path} failed with HTTP ${res.status}${detail}.`, hint);
}

function enc(value: string): string {
  return encodeURIComponent(value);
}
