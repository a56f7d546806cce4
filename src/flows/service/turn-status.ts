import type { OutboundMessage } from '../../core/message';
import type { ServiceState, ServiceStatus } from '../../core/service-status';
import { render } from '../runtime/render';
import { sayText, type Turn } from '../runtime/turn';
import type { OperatorAvailability } from './operator-availability';
import { serviceContext, type ServiceContext } from './service-context';

/**
 * Start of a turn: works out `service.*` (service hours, whether a human can answer on this door) and, when the
 * conversation just came back from an idle handoff (`resumed`), says `texts.handoff_expired` first.
 */
export async function prepareService(turn: Turn, resumed: boolean, availability?: OperatorAvailability): Promise<void> {
  const { input, bundle } = turn;
  turn.service = await serviceContext(bundle.settings, turn.services.shop.timezone, input.message.ref.channel, input.now, availability);
  if (!resumed) return;
  turn.status = 'bot';
  sayText(turn, render(turn, undefined, bundle.settings.texts.handoff_expired));
}

/** The shopper-facing status line of a state, e.g. `已留言 · 人工客服 09:00 上线`. */
export function statusText(state: ServiceState, service: ServiceContext | undefined): string {
  switch (state) {
    case 'bot':
      return '智能客服在线';
    case 'waiting_human':
      return '正在为您转接人工…';
    case 'human':
      return '人工客服';
    case 'ticket':
      if (!service) return '已留言';
      return service.open ? `已留言 · ${service.ticketDue} 前回复` : `已留言 · 人工客服 ${service.opensAtClock} 上线`;
    case 'after_hours':
      return service ? `非服务时间 · 人工客服 ${service.hours}` : '非服务时间';
  }
}

/**
 * End of a turn: puts the conversation's status on the turn's last text reply, when it changed this turn (an action
 * set it, e.g. `ticket.create`; a handoff: waiting for a human, or after hours; the bot back from an idle handoff).
 */
export function annotateStatus(turn: Turn): void {
  const state = turn.status ?? (turn.handoff ? (turn.service?.open === false ? 'after_hours' : 'waiting_human') : undefined);
  if (!state) return;
  const status: ServiceStatus = { state, text: statusText(state, turn.service) };
  const replies: OutboundMessage[] = turn.replies;
  for (let i = replies.length - 1; i >= 0; i--) {
    const reply = replies[i]!;
    if (reply.type === 'text' || reply.type === 'quick_replies' || reply.type === 'handoff') {
      replies[i] = { ...reply, status };
      return;
    }
  }
}
