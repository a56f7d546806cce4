import qrcodeTerminal from 'qrcode-terminal';
import { ScanStatus, type Wechaty } from 'wechaty';
import { maskSecrets, type ChannelStatus, type Logger } from '../../src/index';
import type { WechatyAlert } from './options';

/** Options of {@link AccountWatch}. */
export interface AccountWatchOptions {
  printQr: boolean;
  /** First wait before a restart after a logout (×2 per attempt), and the cap. */
  reconnectMs: number;
  reconnectMaxMs: number;
  logger: Logger;
  onAlert?: (alert: WechatyAlert) => void;
  /** Restart the puppet so that it shows a new QR code (or logs in again from its saved session). */
  restart: () => Promise<void>;
}

/** Puppet errors are alerted at most this often (they tend to come in bursts). */
const ERROR_ALERT_INTERVAL_MS = 60_000;

/**
 * Follows the account's login life: keeps the {@link ChannelStatus} for the admin console (QR code while a scan is
 * due), prints the QR code, alerts operators on logout/error/reconnect, and restarts the puppet with backoff after
 * a logout until a QR code or a login shows up.
 *
 * @example
 * const watch = new AccountWatch({ printQr: true, reconnectMs: 5000, reconnectMaxMs: 300_000, logger, restart });
 * watch.attach(bot);
 * watch.status(); // { state: 'login_required', qrcode: 'https://login.weixin.qq.com/l/…' }
 */
export class AccountWatch {
  private current: ChannelStatus = { state: 'offline', detail: '未启动', since: Date.now() };
  private attempts = 0;
  private timer?: NodeJS.Timeout;
  private lost = false;
  private restarting = false;
  private disposed = false;
  private lastErrorAlert = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: AccountWatchOptions) {}

  /** The status for `ChannelAdapter.status()`. */
  status(): ChannelStatus {
    return { ...this.current };
  }

  set(state: ChannelStatus['state'], detail?: string, qrcode?: string): void {
    this.current = { state, detail, since: Date.now(), ...(qrcode ? { qrcode } : {}) };
  }

  /** Listen to the bot's scan/login/logout/error events. */
  attach(bot: Wechaty): void {
    bot.on('scan', (qrcode: string, status: ScanStatus) => this.onScan(qrcode, status));
    bot.on('login', (user: { name(): string }) => this.onLogin(user.name()));
    bot.on('logout', (_user: unknown, reason?: string) => this.onLogout(reason));
    bot.on('error', (err: Error) => this.onError(err));
  }

  /** Forget pending restarts; events after this are ignored (the adapter is stopping). */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.set('offline', '已停止');
  }

  /** Tell operators (onAlert, else the log). */
  alert(alert: WechatyAlert): void {
    try {
      this.options.onAlert?.(alert);
    } catch (err) {
      this.options.logger.error({ err }, 'wechaty onAlert threw');
    }
  }

  private onScan(qrcode: string, status: ScanStatus): void {
    if (this.disposed) return;
    if (status === ScanStatus.Waiting || status === ScanStatus.Timeout) {
      this.set('login_required', '请用店铺微信扫码登录', qrcode);
      this.options.logger.info('wechaty is waiting for a QR code scan (shown in the admin console)');
      if (this.options.printQr && qrcode) qrcodeTerminal.generate(qrcode, { small: true });
    } else if (status === ScanStatus.Scanned) {
      this.set('login_required', '已扫码，请在手机上确认登录', this.current.qrcode);
    } else if (status === ScanStatus.Confirmed) {
      this.set('starting', '已确认，正在登录');
    } else if (status === ScanStatus.Cancel) {
      this.set('login_required', '已取消登录，请重新扫码', this.current.qrcode);
    }
  }

  private onLogin(name: string): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.attempts = 0;
    this.set('online', name);
    this.options.logger.info('wechaty account logged in');
    if (this.lost) this.alert({ kind: 'reconnected', detail: `微信号「${name}」已重新登录` });
    this.lost = false;
  }

  private onLogout(reason?: string): void {
    if (this.disposed || this.restarting) return;
    const detail = `微信号已退出登录${reason ? `：${reason}` : ''}，正在尝试重新连接，可能需要重新扫码`;
    this.set('offline', detail);
    this.lost = true;
    this.options.logger.error({ reason }, 'wechaty account logged out; restarting the puppet with backoff');
    this.alert({ kind: 'logout', detail });
    this.schedule();
  }

  private onError(err: Error): void {
    if (this.disposed) return;
    this.options.logger.error({ err }, 'wechaty puppet error');
    if (Date.now() - this.lastErrorAlert < ERROR_ALERT_INTERVAL_MS) return;
    this.lastErrorAlert = Date.now();
    this.alert({ kind: 'error', detail: `微信通道出错：${maskSecrets(err.message)}` });
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const delay = Math.min(this.options.reconnectMs * 2 ** this.attempts, this.options.reconnectMaxMs);
    this.attempts += 1;
    this.timer = setTimeout(() => void this.reconnect(), delay);
  }

  /** Restart the puppet unless a QR code or a login arrived meanwhile; try again later while neither does. */
  private async reconnect(): Promise<void> {
    if (this.disposed || this.settled()) return;
    this.set('starting', '正在重新连接');
    this.restarting = true;
    try {
      await this.options.restart();
    } catch (err) {
      this.options.logger.error({ err, attempt: this.attempts }, 'wechaty restart after logout failed');
      this.set('error', `重新连接失败：${maskSecrets(String((err as Error).message))}`);
      this.alert({ kind: 'error', detail: `微信通道重新连接失败（第 ${this.attempts} 次），稍后重试` });
    } finally {
      this.restarting = false;
    }
    if (!this.disposed && !this.settled()) this.schedule();
  }

  /** Logged in, or a QR code waits for a scan: nothing to restart. */
  private settled(): boolean {
    return this.current.state === 'online' || this.current.state === 'login_required';
  }
}
