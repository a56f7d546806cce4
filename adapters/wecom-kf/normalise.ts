import type { ConversationRef, InboundMessage } from '../../src/index';
import { ORIGIN, SERVICE_STATE, type ServiceState } from './constants';
import type { KfEvent, KfMessage } from './kf-types';

/** The adapter name, also `ConversationRef.channel`. */
export const CHANNEL = 'wecom-kf';

/** What one synced message means for the adapter. */
export type KfAction =
  | { type: 'inbound'; message: InboundMessage }
  | { type: 'enter'; message: InboundMessage; welcomeCode?: string }
  | { type: 'state'; ref: ConversationRef; state: ServiceState; servicerUserId?: string }
  | { type: 'log'; level: 'debug' | 'info' | 'warn'; text: string; fields: Record<string, unknown> };

/** The conversation of a customer on a kf account. */
export function kfRef(openKfId: string, externalUserId: string): ConversationRef {
  return { channel: CHANNEL, accountId: openKfId, conversationId: externalUserId, userId: externalUserId };
}

/** session_status_change's change_type → the session's new state (1 taken from the pool, 2 transferred, 3 ended, 4 re-opened). */
function stateOfChange(changeType: number | undefined): ServiceState | undefined {
  if (changeType === 1 || changeType === 2 || changeType === 4) return SERVICE_STATE.human;
  if (changeType === 3) return SERVICE_STATE.ended;
  return undefined;
}

function customerMessage(m: KfMessage, base: Omit<InboundMessage, 'kind'>): KfAction {
  if (m.msgtype === 'text' && m.text) {
    const { content, menu_id: menuId } = m.text;
    if (menuId) return { type: 'inbound', message: { ...base, kind: 'postback', text: content, postback: menuId } };
    return { type: 'inbound', message: { ...base, kind: 'text', text: content } };
  }
  if (m.msgtype === 'image' && m.image) return { type: 'inbound', message: { ...base, kind: 'image' } };
  return { type: 'log', level: 'info', text: 'wecom-kf customer message of an unsupported type ignored', fields: { msgtype: m.msgtype } };
}

function eventMessage(m: KfMessage, event: KfEvent): KfAction {
  const openKfId = event.open_kfid ?? m.open_kfid;
  const userId = event.external_userid ?? m.external_userid ?? '';
  const fields = { openKfId, eventType: event.event_type };
  if (event.event_type === 'enter_session' && userId) {
    const payload: Record<string, unknown> = { scene: event.scene ?? '', sceneParam: event.scene_param ?? '' };
    const message: InboundMessage = {
      id: m.msgid,
      ref: kfRef(openKfId, userId),
      kind: 'event',
      event: { type: 'session_enter', payload },
      receivedAt: m.send_time * 1000,
    };
    return { type: 'enter', message, welcomeCode: event.welcome_code || undefined };
  }
  if (event.event_type === 'session_status_change' && userId) {
    const state = stateOfChange(event.change_type);
    if (state !== undefined) return { type: 'state', ref: kfRef(openKfId, userId), state, servicerUserId: event.new_servicer_userid };
  }
  if (event.event_type === 'msg_send_fail') {
    return {
      type: 'log',
      level: 'warn',
      text: 'wecom-kf message was not delivered',
      fields: { ...fields, failMsgId: event.fail_msgid, failType: event.fail_type },
    };
  }
  return {
    type: 'log',
    level: 'debug',
    text: 'wecom-kf event noted',
    fields: { ...fields, status: event.status, changeType: event.change_type },
  };
}

/**
 * One sync_msg entry → what to do: a customer text/image/menu click (origin 3) becomes an InboundMessage
 * (a menu click is a `postback` with the menu id), enter_session a `session_enter` event (plus its welcome_code),
 * session_status_change a state change; the rest is logged.
 *
 * @example
 * const action = normaliseKfMessage(msg); // { type: 'inbound', message: { kind: 'text', text: '在吗', … } }
 */
export function normaliseKfMessage(m: KfMessage): KfAction {
  if (m.origin === ORIGIN.customer && m.external_userid) {
    const base = { id: m.msgid, ref: kfRef(m.open_kfid, m.external_userid), receivedAt: m.send_time * 1000 };
    return customerMessage(m, base);
  }
  if (m.origin === ORIGIN.event && m.event) return eventMessage(m, m.event);
  return {
    type: 'log',
    level: 'debug',
    text: 'wecom-kf servicer or unknown message skipped',
    fields: { origin: m.origin, msgtype: m.msgtype },
  };
}
