import {
  ChannelWindowError,
  KefuError,
  type ConversationRef,
  type Logger,
  type OutboundMessage,
  type SendOptions,
  type SendResult,
} from '../../src/index';
import { safeImageUrl, type WechatImageMedia } from '../../src/kits/wechat';
import { KF_ERRORS, KF_PATHS, SERVICE_STATE, WINDOW_CLOSED_CODES, WINDOW_QUOTA_CODES, type ServiceState } from './constants';
import type { KfApi } from './kf-api';
import type { KfOutboundBody, SendMsgResponse } from './kf-types';
import { CHANNEL } from './normalise';
import { mediaUrlOf, msgIdOf, renderKf, withoutMiniProgram } from './render';
import { apiError, type SessionStates } from './session-states';

/** A human or the waiting pool has the conversation. */
function humanSide(state: ServiceState): boolean {
  return state === SERVICE_STATE.pool || state === SERVICE_STATE.human;
}

/** What send() answers when it stays silent because a human (or the pool) has the session: nothing was sent. */
function humanSideSkip(): SendResult {
  return { skipped: 'human_side' };
}

/** A send_msg refusal meaning the media_id is unknown or expired. */
function invalidMedia(err: unknown): boolean {
  return err instanceof KefuError && err.code === `WECOM_KF_${KF_ERRORS.invalidMediaId}`;
}

/**
 * send() of the adapter: silent while a human (or the pool) has the session (answers `{ skipped: 'human_side' }`:
 * nothing was sent, so kefu's console can tell its operator), moves a new session to the
 * assistant (0 → 1) before the bot's first reply, sends with send_msg (a keyed send gets a derived msgid, and
 * WeCom's "msgid already sent" counts as success), maps the 48 h / 5-message refusals to ChannelWindowError,
 * and after a handoff text moves the session to a servicer (3) or the pool (2). Images and product cards with a
 * Mini Program page or a link first get their picture's media_id (uploaded once per corp, cached); when the picture
 * cannot be fetched or uploaded they go out as text and the reason is logged.
 *
 * @example
 * await new KfSender(api, states, images, log, {}).send(ref, { type: 'text', text: '亲，在的～' });
 */
export class KfSender {
  constructor(
    private readonly api: KfApi,
    private readonly states: SessionStates,
    private readonly images: WechatImageMedia,
    private readonly log: Logger,
    private readonly handoff: { servicerUserId?: string },
  ) {}

  async send(ref: ConversationRef, message: OutboundMessage, options: SendOptions = {}): Promise<SendResult> {
    const plain = renderKf(message); // throws UnsupportedFeatureError before anything happens; the text form of media
    if (!(await this.botMayTalk(ref))) {
      this.log.info({ openKfId: ref.accountId, type: message.type }, 'wecom-kf send skipped: a human or the waiting pool has this session');
      return humanSideSkip();
    }
    const key = options.idempotencyKey;
    const url = mediaUrlOf(message);
    const result =
      url === undefined
        ? await this.sendMsg(ref, plain, key)
        : await this.images.sendWith(
            url,
            (mediaId) => this.sendWithMedia(ref, message, mediaId, key),
            (err) => {
              const { code, reason } = err as { code?: string; reason?: string };
              this.log.warn(
                { openKfId: ref.accountId, type: message.type, image: safeImageUrl(url), code, reason, why: (err as Error).message },
                'wecom-kf picture not sent: sending the text form instead',
              );
              return this.sendMsg(ref, plain, key);
            },
            invalidMedia,
          );
    if (!result.skipped && message.type === 'handoff') await this.handOver(ref, message.reason);
    return result;
  }

  /**
   * send_msg of an image or card with its uploaded picture. A `miniprogram` card WeCom refuses (a Mini Program the
   * corp cannot send, a wrong page…) goes out once more as the card without it (a `link` card with the same
   * thumbnail, or text), with a warning; window refusals and an invalid media_id (re-uploaded by the caller) are not
   * caught.
   */
  private async sendWithMedia(ref: ConversationRef, message: OutboundMessage, mediaId: string, key?: string): Promise<SendResult> {
    try {
      return await this.sendMsg(ref, renderKf(message, mediaId), key);
    } catch (err) {
      const mini = message.type === 'product_card' ? message.product.miniProgram : undefined;
      if (!mini || !(err instanceof KefuError) || !err.code.startsWith('WECOM_KF_') || invalidMedia(err)) throw err;
      this.log.warn(
        { openKfId: ref.accountId, miniProgram: mini.appId, pagePath: mini.pagePath, code: err.code, why: err.message },
        'wecom-kf mini-program card refused: sending the product card without it; check KEFU_MINIPROGRAM_APPID (a Mini Program linked to the corp) and KEFU_MINIPROGRAM_PAGE',
      );
      // its own msgid: a keyed retry of this send stays idempotent whichever attempt got through
      return this.sendMsg(ref, renderKf(withoutMiniProgram(message), mediaId), key, 'without-mini-program');
    }
  }

  /** Whether a human or the waiting pool has the session, by the state kept from WeCom's events (fetched when unknown). */
  async humanHasSession(ref: ConversationRef): Promise<boolean> {
    return humanSide(await this.states.current(ref));
  }

  /** false while state is 2/3; moves 0 → 1 first (a refused move is re-checked against the platform). */
  private async botMayTalk(ref: ConversationRef): Promise<boolean> {
    const state = await this.states.current(ref);
    if (humanSide(state)) return false;
    if (state !== SERVICE_STATE.untreated) return true;
    try {
      await this.states.transition(ref, SERVICE_STATE.assistant);
      return true;
    } catch (err) {
      if (humanSide(await this.states.current(ref))) return false;
      throw err;
    }
  }

  /** One send_msg (msgid from `key` and `suffix`); skipped (`human_side`) when the platform says a human took the session meanwhile. */
  private async sendMsg(ref: ConversationRef, body: KfOutboundBody, key?: string, suffix = ''): Promise<SendResult> {
    const msgid = key === undefined ? undefined : msgIdOf(key, suffix);
    const answer = await this.api.post<SendMsgResponse>(KF_PATHS.sendMsg, { touser: ref.userId, open_kfid: ref.accountId, msgid, ...body });
    const code = answer.errcode ?? 0;
    if (code === 0) return { messageId: answer.msgid ?? msgid };
    if (code === KF_ERRORS.duplicateMsgId && msgid) {
      this.log.info({ openKfId: ref.accountId }, 'wecom-kf send dropped: this idempotency key was already sent');
      return { messageId: msgid };
    }
    if (WINDOW_QUOTA_CODES.has(code) || WINDOW_CLOSED_CODES.has(code)) {
      const reason = WINDOW_QUOTA_CODES.has(code) ? 'window_quota' : 'window_closed';
      this.log.warn({ openKfId: ref.accountId, errcode: code, reason }, 'wecom-kf send refused by the 48 h / 5-message rule');
      throw new ChannelWindowError(CHANNEL, reason, code);
    }
    if (code === KF_ERRORS.sessionStateInvalid) return this.stateRefused(ref, code);
    throw apiError('send_msg', answer);
  }

  /** 95018: a human took over (skipped, not sent) or the session ended (closed until the customer writes again). */
  private async stateRefused(ref: ConversationRef, code: number): Promise<SendResult> {
    const state = await this.states.refresh(ref);
    if (humanSide(state)) {
      this.log.info({ openKfId: ref.accountId, state }, 'wecom-kf send skipped: the session moved to a human meanwhile');
      return humanSideSkip();
    }
    this.log.warn({ openKfId: ref.accountId, state, errcode: code }, 'wecom-kf send refused: the session has ended');
    throw new ChannelWindowError(CHANNEL, 'window_closed', code);
  }

  private async handOver(ref: ConversationRef, reason?: string): Promise<void> {
    const servicer = this.handoff.servicerUserId;
    const to = servicer ? SERVICE_STATE.human : SERVICE_STATE.pool;
    await this.states.transition(ref, to, servicer);
    this.log.info({ openKfId: ref.accountId, to, reason }, 'wecom-kf session handed to a human; the bot stays silent');
  }
}
