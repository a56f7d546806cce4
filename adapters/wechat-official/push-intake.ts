import type { DurableInbox, InboundHandler, InboundMessage, Logger } from '../../src/index';
import type { NonceReplayGuard } from '../../src/kits/wechat';
import type { AppRuntime } from './app-runtime';
import type { HeldReplies } from './held-replies';
import { normalisePush } from './normalise-push';
import type { ResolvedOptions } from './options';
import { replyContentType, transferReply, type ReplyContext } from './passive-reply';
import type { PushStore } from './push-store';
import { readPushJson, readPushXml } from './read-push';
import { openPush, refuseReusedPair, verifySignature, WebhookRejection, type PushQuery } from './verify-push';
import type { PushAnswer, WebhookTarget } from './webhook-routes';

/** The acknowledgement that stops WeChat's retries. */
export const SUCCESS: PushAnswer = { body: 'success', contentType: 'text/plain; charset=utf-8' };

/** What {@link PushIntake} needs from the adapter that composes it. */
export interface PushIntakeDeps {
  /** Adapter name: `wechat-official` or `wechat-mini` (the channel of normalised messages). */
  name: string;
  options: ResolvedOptions;
  apps: Map<string, AppRuntime>;
  store: PushStore;
  held: HeldReplies;
  guard: NonceReplayGuard;
  log: Logger;
  /** The core's handler while started, undefined when stopped. */
  handler: () => InboundHandler | undefined;
  /** The durable inbox while started. */
  inbox: () => DurableInbox | undefined;
}

/**
 * The inbound half of the WeChat adapter: webhook → verify (signature, timestamp; in safe mode msg_signature and
 * decryption, plaintext refused) → replay check of the (timestamp, nonce) pair → read and normalise → claim (dedupe
 * of WeChat's retries) and keep in the durable inbox (api mode), or hold the push for a passive reply.
 *
 * @example
 * const intake = new PushIntake({ name, options, apps, store, held, guard, log, handler: () => h, inbox: () => inbox });
 * await registerWebhookRoutes(app, options.path, intake);
 */
export class PushIntake implements WebhookTarget {
  readonly log: Logger;
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: PushIntakeDeps) {
    this.log = deps.log;
  }

  /** Resolves once every passive-mode turn handed to the handler so far has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  async urlCheck(appId: string, query: PushQuery): Promise<string> {
    const nowSec = this.nowSec();
    verifySignature(this.app(appId).config.token, query, nowSec, this.deps.options.timestampWindowSec);
    const echostr = typeof query.echostr === 'string' ? query.echostr : '';
    await refuseReusedPair(this.deps.guard, appId, query, `GET\n${echostr}`, nowSec);
    return echostr;
  }

  async receive(appId: string, query: PushQuery, body: string, onClientGone: (callback: () => void) => void): Promise<PushAnswer> {
    const { options, log } = this.deps;
    const { config, crypto } = this.app(appId);
    const nowSec = this.nowSec();
    verifySignature(config.token, query, nowSec, options.timestampWindowSec);
    const format = options.kind === 'mini' && config.format === 'json' ? 'json' : 'xml';
    const { inner, safe } = openPush(config.token, query, body, format, crypto);
    await refuseReusedPair(this.deps.guard, appId, query, `POST\n${inner}`, nowSec);
    const push = format === 'json' ? readPushJson(inner) : readPushXml(inner);
    const normalised = normalisePush(this.deps.name, appId, push, config.subscriptionTemplates ?? {}, options.now());
    if (!this.deps.handler()) throw new WebhookRejection(503, 'the channel is not started; WeChat will retry');
    // api mode keeps the push in the durable inbox in the same Redis call that claims it (one round trip)
    // passive mode holds the push unanswered while the turn runs: its claim is a lease until the answer goes out
    const keepNow = options.replyMode === 'api';
    const leaseSec = keepNow ? undefined : Math.ceil((options.passiveBudgetMs + options.passiveLeaseMarginMs) / 1000);
    const claim = await this.claim(appId, normalised.dedupeId, normalised.openid, keepNow ? normalised.messages : undefined, leaseSec);
    if (!claim.first) {
      log.info({ appId, dedupeId: normalised.dedupeId }, 'wechat retry dropped: this push is already being handled');
      return SUCCESS;
    }
    const ctx: ReplyContext = {
      format,
      safe,
      crypto,
      token: config.token,
      openid: normalised.openid,
      accountName: normalised.accountName,
      nowSec: this.nowSec(),
    };
    log.info(
      { appId, openid: normalised.openid, dedupeId: normalised.dedupeId, kinds: normalised.messages.map((m) => m.kind) },
      'wechat push accepted',
    );
    if (claim.transfer) {
      if (!keepNow) {
        await this.keep(appId, normalised.dedupeId, normalised.messages);
        await this.settleClaim(appId, normalised.dedupeId);
      }
      log.info({ appId, openid: normalised.openid }, 'wechat conversation transferred to human agents');
      return { body: transferReply(ctx), contentType: replyContentType(format) };
    }
    if (keepNow) return SUCCESS;
    const answer = await this.holdForPassive(`${appId}:${normalised.openid}`, ctx, normalised.messages, onClientGone);
    await this.settleClaim(appId, normalised.dedupeId);
    return answer;
  }

  /** The push is answered (or its turn runs on here after WeChat hung up): keep dropping its retries. */
  private async settleClaim(appId: string, dedupeId: string): Promise<void> {
    await this.deps.store
      .settle(appId, dedupeId)
      .catch((err: unknown) =>
        this.log.warn({ err, appId, dedupeId }, 'wechat push claim not extended: a late WeChat retry may start a second turn'),
      );
  }

  private async holdForPassive(key: string, ctx: ReplyContext, messages: InboundMessage[], onClientGone: (cb: () => void) => void) {
    const held = this.deps.held.hold(key, ctx);
    onClientGone(() => {
      if (held.settle('')) this.log.info({ openid: ctx.openid }, 'wechat hung up before the passive reply; replies go through the API');
    });
    const budget = setTimeout(() => held.settle(SUCCESS.body), this.deps.options.passiveBudgetMs);
    void this.dispatch(messages).then(() => held.settle(SUCCESS.body));
    const body = await held.body;
    clearTimeout(budget);
    return body === SUCCESS.body || body === '' ? SUCCESS : { body, contentType: replyContentType(ctx.format) };
  }

  /**
   * Claims the push (see PushStore.claim) and, given `messages`, keeps them in the durable inbox in the same call.
   * If Redis fails half-way, the claim is released so WeChat's retry is handled instead of dropped.
   */
  private async claim(appId: string, dedupeId: string, openid: string, messages?: InboundMessage[], leaseSec?: number) {
    const { store } = this.deps;
    try {
      return await store.claim(appId, dedupeId, openid, messages ? this.deps.inbox()!.entriesFor(messages) : undefined, leaseSec);
    } catch (err) {
      await store.release(appId, dedupeId).catch(() => undefined);
      throw err;
    }
  }

  /**
   * Keeps the push's messages in the durable inbox before WeChat gets its "success": from then on a crash or
   * restart loses none of them, and turns run at a bounded concurrency by any kefu process. If Redis cannot
   * take them, the dedupe claim is released so WeChat's retry is handled instead of dropped.
   */
  private async keep(appId: string, dedupeId: string, messages: InboundMessage[]): Promise<void> {
    try {
      await this.deps.inbox()!.add(messages);
    } catch (err) {
      await this.deps.store.release(appId, dedupeId).catch(() => undefined);
      throw err;
    }
  }

  /** Runs the turns of one push in order, in the background; errors are logged, never thrown at WeChat. */
  private dispatch(messages: InboundMessage[]): Promise<void> {
    const handler = this.deps.handler();
    const run = (async () => {
      for (const message of messages) {
        try {
          await handler?.(message);
        } catch (err) {
          this.log.error({ err, id: message.id, openid: message.ref.userId }, 'wechat turn failed');
        }
      }
    })();
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return run;
  }

  private app(appId: string): AppRuntime {
    const app = this.deps.apps.get(appId);
    if (!app) throw new WebhookRejection(404, `no WeChat app '${String(appId).slice(0, 64)}' is configured on this path`);
    return app;
  }

  private nowSec(): number {
    return Math.floor(this.deps.options.now() / 1000);
  }
}
