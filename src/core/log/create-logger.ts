import pino from 'pino';
import type { DestinationStream, Logger as PinoLogger } from 'pino';
import { maskLogLine } from '../privacy';

/** The structured logger used everywhere in kefu (pino). */
export type Logger = PinoLogger;

/** Log levels kefu accepts (same as the `logLevel` config key). */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Minimum level written. */
  level: LogLevel;
  /** Component name, written as `name` on every line. */
  name?: string;
  /** Where lines go. @defaultValue stdout */
  destination?: DestinationStream;
}

/** Structured paths that are always removed before serialising (belt and braces next to line masking). */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'config.adminToken',
  'config.commerceToken',
  '*.password',
  '*.secret',
  '*.token',
  '*.accessToken',
  '*.encodingAESKey',
];

/**
 * Create a pino logger whose every line has phone numbers, Chinese addresses, WeChat/QQ ids and secret-like values
 * masked whatever field they are in, and shopper ids (openid, external_userid, userId…) masked under their field
 * names (see {@link maskLogLine}).
 *
 * @example
 * const log = createLogger({ level: 'info', name: 'web' });
 * log.info({ text: '我的电话 13812345678' }, 'inbound'); // → "text":"我的电话 138****5678"
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      name: options.name,
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      hooks: { streamWrite: maskLogLine },
    },
    options.destination ?? pino.destination(1),
  );
}
