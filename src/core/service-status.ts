/**
 * Where a conversation stands for the shopper, for channels that show it (the web widget's header):
 * `bot` the assistant answers; `waiting_human` handed over, waiting for an operator; `human` an operator is
 * answering; `ticket` the shopper left a message (工单) for staff; `after_hours` outside service hours.
 */
export type ServiceState = 'bot' | 'waiting_human' | 'human' | 'ticket' | 'after_hours';

/**
 * A status line carried by an outbound text (see {@link ServiceState}). Channels without such a display ignore it.
 *
 * @example
 * const status: ServiceStatus = { state: 'ticket', text: '已留言 · 人工客服 09:00 上线' };
 */
export interface ServiceStatus {
  state: ServiceState;
  /** Short Chinese line for the shopper, e.g. 智能客服在线. */
  text: string;
}
