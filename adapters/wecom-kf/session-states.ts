import { KefuError, type ConversationRef } from '../../src/index';
import { KF_PATHS, SERVICE_STATE, type ServiceState } from './constants';
import type { KfApi } from './kf-api';
import type { KfResponse, ServiceStateResponse } from './kf-types';
import type { KfStore } from './kf-store';

function isState(value: unknown): value is ServiceState {
  return value === 0 || value === 1 || value === 2 || value === 3 || value === 4;
}

/**
 * The service_state of each (kf account, customer): kept in Redis from events and our own transitions, fetched
 * with service_state/get when unknown or when an ended session may have restarted.
 *
 * @example
 * const states = new SessionStates(api, store);
 * if ((await states.current(ref)) >= 2) return; // a human (or the pool) has the conversation: stay silent
 */
export class SessionStates {
  constructor(
    private readonly api: KfApi,
    private readonly store: KfStore,
  ) {}

  /** The known state, fetched from the platform when Redis has none. */
  async current(ref: ConversationRef): Promise<ServiceState> {
    return (await this.store.state(ref.accountId ?? '', ref.userId)) ?? this.refresh(ref);
  }

  /** The customer wrote or entered: an ended (or unknown) session may be a new one now, so ask the platform. */
  async onCustomerActivity(ref: ConversationRef): Promise<ServiceState> {
    const known = await this.store.state(ref.accountId ?? '', ref.userId);
    return known === undefined || known === SERVICE_STATE.ended ? this.refresh(ref) : known;
  }

  /** Ask the platform (service_state/get) and remember the answer. */
  async refresh(ref: ConversationRef): Promise<ServiceState> {
    const answer = await this.api.post<ServiceStateResponse>(KF_PATHS.serviceStateGet, {
      open_kfid: ref.accountId,
      external_userid: ref.userId,
    });
    if (answer.errcode || !isState(answer.service_state)) throw apiError('service_state/get', answer);
    await this.remember(ref, answer.service_state);
    return answer.service_state;
  }

  async remember(ref: ConversationRef, state: ServiceState): Promise<void> {
    await this.store.saveState(ref.accountId ?? '', ref.userId, state);
  }

  /** Move the session (service_state/trans); on refusal the real state is refetched and the error thrown. */
  async transition(ref: ConversationRef, to: ServiceState, servicerUserId?: string): Promise<void> {
    const body: Record<string, unknown> = { open_kfid: ref.accountId, external_userid: ref.userId, service_state: to };
    if (servicerUserId) body.servicer_userid = servicerUserId;
    const answer = await this.api.post<KfResponse>(KF_PATHS.serviceStateTrans, body);
    if (answer.errcode) {
      await this.refresh(ref).catch(() => undefined);
      throw apiError(`service_state/trans to ${to}`, answer);
    }
    await this.remember(ref, to);
  }
}

/** A KefuError for an unexpected errcode of the kf API (errmsg is WeCom's text, never a secret). */
export function apiError(what: string, answer: KfResponse): KefuError {
  return new KefuError(
    `WECOM_KF_${answer.errcode ?? 'UNKNOWN'}`,
    `WeCom kf ${what} failed with errcode ${answer.errcode ?? '?'} (${(answer.errmsg ?? '').slice(0, 120)}).`,
    'look the code up at https://open.work.weixin.qq.com/devtool/query; check that the kf account is connected to this corp (微信客服 → API) and the IP allowlist.',
  );
}
