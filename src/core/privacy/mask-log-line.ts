import { maskPersonalData } from './mask-personal-data';
import { maskSecrets } from './mask-secrets';
import { maskShopperIds } from './shopper-id';

/**
 * What every log line goes through (see createLogger): {@link maskSecrets}, then {@link maskShopperIds} (openids and
 * other shopper ids under their field names), then {@link maskPersonalData}.
 * Works on serialised JSON lines too: a number after a `\n` escape is still found.
 *
 * @example
 * maskLogLine('{"msg":"13812345678","token":"x"}'); // '{"msg":"138****5678","token":"[REDACTED]"}'
 * maskLogLine('{"openid":"oKefu_6dXbS3yQvA1pZ8kL0wT2"}'); // '{"openid":"oKef********T2"}'
 */
export function maskLogLine(line: string): string {
  return maskPersonalData(maskShopperIds(maskSecrets(line)));
}
