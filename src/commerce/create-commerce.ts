import type { KefuConfig } from '../config/schema';
import { ConfigError } from '../core/errors';
import { DemoCommerce } from './demo-store';
import type { CommerceGateway } from './gateway';
import { HttpCommerce } from './http-gateway';

/**
 * Builds the CommerceGateway the configuration asks for: the in-memory demo store
 * (`KEFU_COMMERCE=demo`, default) or the merchant REST connector (`KEFU_COMMERCE=http`).
 *
 * @example
 * const commerce = createCommerce(loadConfig());
 */
export function createCommerce(config: Pick<KefuConfig, 'commerce' | 'commerceUrl' | 'commerceToken'>): CommerceGateway {
  if (config.commerce === 'http') {
    if (!config.commerceUrl) {
      throw new ConfigError(['KEFU_COMMERCE_URL: required when KEFU_COMMERCE=http (the merchant API base URL, see docs/commerce-http.md)']);
    }
    return new HttpCommerce({ baseUrl: config.commerceUrl, token: config.commerceToken });
  }
  return new DemoCommerce();
}
