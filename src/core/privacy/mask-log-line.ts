import { maskPersonalData } from './mask-personal-data';
import { maskSecrets } from './mask-secrets';

/**
 * What every log line goes through (see createLogger): {@link maskSecrets}, then {@link maskPersonalData}.
 * Works on serialised JSON lines too: a number after a `\n` escape is still found.
 *
 * @example
 * maskLogLine('{"msg":"13812345678","token":"x"}'); // '{"msg":"138****5678","token":"[REDACTED]"}'
 */
export function maskLogLine(line: string): string {
  return maskPersonalData(maskSecrets(line));
}
