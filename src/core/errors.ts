/**
 * One base error and a few subclasses with structured fields. Every message names
 * what happened and how to fix it, and never contains secrets.
 */

/** Base class of every error kefu raises on purpose. */
export class KefuError extends Error {
  /** A short machine-readable code, e.g. `CONFIG_INVALID`. */
  readonly code: string;
  /** What to do about it, shown after the message. */
  readonly hint?: string;

  constructor(code: string, message: string, hint?: string, options?: { cause?: unknown }) {
    super(hint ? `${message} Fix: ${hint}` : message, options);
    this.name = new.target.name;
    this.code = code;
    this.hint = hint;
  }
}

/** A channel cannot do what was asked (e.g. a product card on a text-only channel). */
export class UnsupportedFeatureError extends KefuError {
  constructor(
    readonly adapter: string,
    readonly feature: string,
  ) {
    super(
      'UNSUPPORTED_FEATURE',
      `Channel adapter '${adapter}' does not support '${feature}'.`,
      `check adapter.capabilities before sending, or render '${feature}' as text with outboundToText().`,
    );
  }
}

/** Configuration is invalid; lists every bad key at once. */
export class ConfigError extends KefuError {
  constructor(readonly problems: string[]) {
    super(
      'CONFIG_INVALID',
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      'set the variables above (see the configuration table in README.md) and start again.',
    );
  }
}

/** A problem in a flow file, with its position. */
export class FlowError extends KefuError {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
    readonly col: number,
    hint?: string,
    readonly flowId?: string,
    readonly stepId?: string,
  ) {
    super('FLOW_INVALID', `${file}:${line}:${col}: ${message}`, hint);
  }
}

/** A request or payload from outside was malformed; `reason` is safe to show to the caller. */
export class BadInputError extends KefuError {
  constructor(
    readonly reason: string,
    hint?: string,
  ) {
    super('BAD_INPUT', reason, hint);
  }
}

/** A dependency (Redis, database, commerce API) is not reachable. */
export class DependencyError extends KefuError {
  constructor(
    readonly dependency: string,
    message: string,
    hint: string,
    options?: { cause?: unknown },
  ) {
    super('DEPENDENCY_UNAVAILABLE', `${dependency}: ${message}`, hint, options);
  }
}

/** Why a windowed channel (WeChat customer-service messages, 微信客服) refused a message. */
export type ChannelWindowReason = 'window_closed' | 'window_quota' | 'no_consent';

/**
 * The platform refused a message because of its send rules: outside the customer-service window
 * (WeChat 45015), over the window's quota (45047, 微信客服's 5 messages in 48 h), or a subscription message
 * without the shopper's consent (43101). Not retried as is: the core records it in the outreach policy
 * ledger and, for a service job with a consented template, falls back to a subscription message.
 *
 * @example
 * throw new ChannelWindowError('wechat-official', 'window_quota', 45047);
 */
export class ChannelWindowError extends KefuError {
  constructor(
    readonly adapter: string,
    readonly reason: ChannelWindowReason,
    /** The platform's error code, e.g. 45015. */
    readonly platformCode?: number,
  ) {
    super(
      'CHANNEL_WINDOW',
      `Channel '${adapter}' refused the message: ${reason}${platformCode === undefined ? '' : ` (platform error ${platformCode})`}.`,
      reason === 'no_consent'
        ? 'send subscription messages only after the shopper accepted the template (a subscribe event records it).'
        : 'wait until the shopper writes again (that reopens the window), or use a consented subscription message for service notices.',
    );
  }
}
