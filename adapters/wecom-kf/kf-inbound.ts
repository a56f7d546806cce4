import type { InboundHandler, InboundMessage, Logger } from '../../src/index';
import { KF_PATHS, SERVICE_STATE, SYNC_LIMIT, WINDOW_MS } from './constants';
import type { KfApi } from './kf-api';
import type { KfStore } from './kf-store';
import type { KfMessage, KfResponse, SyncMsgResponse } from './kf-types';
import { normaliseKfMessage, type KfAction } from './normalise';
import { msgIdOf } from './render';
import { apiError, type SessionStates } from './session-states';

/** What {@link KfInbound} needs. */
export interface KfInboundDeps {
  api: KfApi;
  store: KfStore;
  states: SessionStates;
  log: Logger;
  welcome: string | false;
  now: () => number;
  /** The core's handler while started, undefined when stopped. */
  handler: () => InboundHandler | undefined;
}

/**
 * The inbound half: pull every page of a kf account (sync_msg with the persisted cursor, while has_more = 1),
 * drop msgids seen before (Redis), and act on each message: customer messages go to the handler unless a human
 * or the pool has the session, enter_session sends the welcome once (send_msg_on_event) and goes to the handler,
 * session_status_change updates the state.
 *
 * @example
 * const inbound = new KfInbound({ api, store, states, log, welcome: '您好～', now: Date.now, handler: () => h });
 * await inbound.pullAll('wkAbc', callbackToken, async () => {});
 */
export class KfInbound {
  constructor(private readonly deps: KfInboundDeps) {}

  async pullAll(openKfId: string, token: string, extend: () => Promise<void>): Promise<void> {
    const { api, store, log } = this.deps;
    let cursor = await store.cursor(openKfId);
    for (;;) {
      const page = await api.post<SyncMsgResponse>(KF_PATHS.syncMsg, { cursor, token, limit: SYNC_LIMIT, open_kfid: openKfId });
      if (page.errcode) throw apiError('sync_msg', page);
      for (const message of page.msg_list ?? []) {
        if (!this.deps.handler()) return;
        if (await store.firstSeen(message.msgid)) await this.process(message);
        await extend();
      }
      if (page.next_cursor) {
        cursor = page.next_cursor;
        await store.saveCursor(openKfId, cursor);
      }
      log.debug({ openKfId, count: page.msg_list?.length ?? 0, hasMore: page.has_more }, 'wecom-kf page pulled');
      if (page.has_more !== 1) return;
    }
  }

  private async process(raw: KfMessage): Promise<void> {
    try {
      await this.act(normaliseKfMessage(raw));
    } catch (err) {
      this.deps.log.error({ err, msgid: raw.msgid }, 'wecom-kf message handling failed; moving on');
    }
  }

  private async act(action: KfAction): Promise<void> {
    const { states, log } = this.deps;
    switch (action.type) {
      case 'inbound':
        return this.deliver(action.message);
      case 'enter':
        if (action.welcomeCode) await this.welcome(action.welcomeCode);
        return this.deliver(action.message);
      case 'state':
        await states.remember(action.ref, action.state);
        log.info({ openKfId: action.ref.accountId, state: action.state }, 'wecom-kf session state changed');
        return;
      case 'log':
        log[action.level](action.fields, action.text);
    }
  }

  /** To the handler, unless a human or the pool has the session (the bot stays silent) or it is too old to answer. */
  private async deliver(message: InboundMessage): Promise<void> {
    const { states, log } = this.deps;
    if (this.deps.now() - message.receivedAt > WINDOW_MS) {
      log.debug({ openKfId: message.ref.accountId }, 'wecom-kf message older than 48 h skipped (it can no longer be answered)');
      return;
    }
    const state = await states.onCustomerActivity(message.ref);
    if (state === SERVICE_STATE.pool || state === SERVICE_STATE.human) {
      log.debug({ openKfId: message.ref.accountId, state }, 'wecom-kf message left to the human side (bot silent)');
      return;
    }
    await this.deps.handler()?.(message);
  }

  /** send_msg_on_event with the welcome line: once per code (Redis), right away (the code lives 20 s). */
  private async welcome(code: string): Promise<void> {
    const { welcome, store, api, log } = this.deps;
    if (welcome === false || !(await store.claimWelcome(code))) return;
    const answer = await api.post<KfResponse>(KF_PATHS.sendMsgOnEvent, {
      code,
      msgid: msgIdOf(code, 'welcome'),
      msgtype: 'text',
      text: { content: welcome },
    });
    if (answer.errcode) log.warn({ errcode: answer.errcode }, 'wecom-kf welcome not sent (the code is used or older than 20 s)');
    else log.info('wecom-kf welcome sent');
  }
}
