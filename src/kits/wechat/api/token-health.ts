import type { TokenHealthReport } from '../../../index';

/** Chinese hints for operators, by WeChat / WeCom errcode (the codes a shop meets most often). */
const HINTS_ZH: Record<number, string> = {
  [-1]: '微信服务器繁忙，稍后会自动重试。',
  40001: 'AppSecret 错误或 access_token 无效：请核对环境变量中的 AppSecret（企业微信为 Secret）。',
  40013: 'AppID / 企业 ID 无效：请从公众平台或企业微信后台重新复制。',
  40014: 'access_token 无效，已自动重新获取；若反复出现，请检查是否有其他程序在获取同一应用的令牌。',
  40125: 'AppSecret 错误：请在公众平台重置 AppSecret 并更新环境变量。',
  40164: '本服务器的 IP 不在接口 IP 白名单中：请在 开发 → 基本配置 → IP白名单 中添加。',
  42001: 'access_token 已过期，已自动重新获取；若反复出现，请检查是否有其他程序在获取同一应用的令牌。',
  41001: '请求缺少 access_token：请检查接口地址配置。',
  45009: '今日接口调用次数已用完：请明天再试或减少调用。',
  45015: '顾客超过 48 小时未互动，客服消息窗口已关闭。',
  45047: '客服消息下发条数已达上限，需等待顾客再次发消息。',
  43101: '顾客未订阅该消息模板，无法发送订阅消息。',
  48001: '账号没有该接口权限：请检查账号类型（服务号、已认证）与接口权限。',
  60020: '本服务器的 IP 不在企业微信的可信 IP 中：请在 应用管理 → 企业可信IP 中添加。',
  95018: '会话已转人工或已结束，机器人不能再发送消息。',
};

/** Answers about the shopper's window, not the app: the call itself went through. */
const SHOPPER_CODES: ReadonlySet<number> = new Set([45015, 45047, 43101]);

/** The Chinese hint for a platform errcode (absent code: the platform could not be reached). */
export function tokenErrorHintZh(code: number | undefined): string {
  if (code === undefined) return '无法连接微信服务器：请检查网络与接口地址（apiBaseUrl）。';
  return HINTS_ZH[code] ?? `微信接口返回错误码 ${code}，请在微信官方文档「全局返回码」中查询原因。`;
}

/**
 * Keeps how one app's access_token fares in this process for the console's channel page: when a token was last
 * fetched and when it expires (told by the AccessTokenCache), when an API call last succeeded and the last errcode
 * (told by the API client). Holds no token.
 *
 * @example
 * const health = new TokenHealth('wx123');
 * health.fetched(Date.now() + 7_200_000);
 * health.failed(40164);
 * health.report(); // { account: 'wx123', lastFetchAt, expiresAt, lastError: { code: 40164, at, hint: '本服务器的 IP …' } }
 */
export class TokenHealth {
  private lastFetchAt?: number;
  private expiresAt?: number;
  private lastOkAt?: number;
  private lastError?: { code?: number; at: number; hint: string };

  constructor(
    readonly account: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token valid until `expiresAt` was fetched (or taken from the shared cache). */
  fetched(expiresAt: number): void {
    this.lastFetchAt = this.now();
    this.expiresAt = expiresAt;
  }

  /** An API call answered errcode 0. */
  succeeded(): void {
    this.lastOkAt = this.now();
  }

  /** A token fetch or API call failed with this errcode (undefined: no answer from the platform). */
  failed(code: number | undefined): void {
    this.lastError = { ...(code === undefined ? {} : { code }), at: this.now(), hint: tokenErrorHintZh(code) };
  }

  /**
   * Record an API answer: errcode 0 / absent is a success, and so are the shopper's window codes (45015, 45047,
   * 43101: the token worked, the shopper's window was shut); anything else is an error.
   */
  answered(errcode: number | undefined): void {
    if (errcode === undefined || errcode === 0 || SHOPPER_CODES.has(errcode)) this.succeeded();
    else this.failed(errcode);
  }

  /** The report for ChannelStatus.tokens. */
  report(): TokenHealthReport {
    return {
      account: this.account,
      ...(this.lastFetchAt === undefined ? {} : { lastFetchAt: this.lastFetchAt }),
      ...(this.expiresAt === undefined ? {} : { expiresAt: this.expiresAt }),
      ...(this.lastOkAt === undefined ? {} : { lastOkAt: this.lastOkAt }),
      ...(this.lastError ? { lastError: { ...this.lastError } } : {}),
    };
  }
}
