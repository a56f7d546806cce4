import type { KefuConfig } from '../config/schema';
import { ConfigError } from '../core/errors';
import type { DemoShopStore } from './demo-shop-store';
import { DemoCommerce } from './demo-store';
import type { CommerceGateway } from './gateway';
import { HttpCommerce } from './http-gateway';

/** Options of {@link createCommerce}. */
export interface CreateCommerceOptions {
  /** Where the demo shop keeps seeded and changed orders and issued coupons (kefu: the database). @defaultValue in memory */
  demoStore?: DemoShopStore;
}

/**
 * Builds the CommerceGateway the configuration asks for: the demo shop (`KEFU_COMMERCE=demo`, default; every
 * new shopper gets a few demo orders, see demoShopperOrders) or the merchant REST connector (`KEFU_COMMERCE=http`).
 *
 * @example
 * const commerce = createCommerce(loadConfig(), { demoStore: new TypeormDemoShopStore(dataSource) });
 */
export function createCommerce(
  config: Pick<KefuConfig, 'commerce' | 'commerceUrl' | 'commerceToken'>,
  options: CreateCommerceOptions = {},
): CommerceGateway {
  if (config.commerce === 'http') {
    if (!config.commerceUrl) {
      throw new ConfigError(['KEFU_COMMERCE_URL: required when KEFU_COMMERCE=http (the merchant API base URL, see docs/commerce-http.md)']);
    }
    return new HttpCommerce({ baseUrl: config.commerceUrl, token: config.commerceToken });
  }
  return new DemoCommerce({ store: options.demoStore, seedShopperOrders: true });
}
