import { Liquid } from 'liquidjs';
import type { OutboundMessage } from '../core/message';
import { lifecycleView } from '../core/lifecycle';
import type { UserProfile } from '../core/user';
import type { OutreachAction } from './job-types';
import type { KefuEvent } from '../events/event';

const liquid = new Liquid({ strictVariables: false, strictFilters: true });

/** Throws when `template` is not valid Liquid (checked when triggers are compiled, not at send time). */
export function checkTemplate(template: string): void {
  liquid.parse(template);
}

/** Template scope of outreach messages: `event`, `user`, `shop`, `unsubscribe_url`. */
export interface RenderScope {
  event?: KefuEvent;
  user: UserProfile;
  shop: { name: string };
  /** The shopper's one-click unsubscribe link, `{{ unsubscribe_url }}` in templates (empty when not configured). */
  unsubscribeUrl?: string;
}

/**
 * Turn a job's action into the message to send (or the flow to start).
 *
 * @example
 * renderAction({ send: { text: '亲，{{ event.payload.title }}还在等您～' } }, scope);
 */
export function renderAction(
  action: OutreachAction,
  scope: RenderScope,
): { message?: OutboundMessage; startFlow?: { flowId: string; vars: Record<string, unknown> } } {
  if ('start' in action) return { startFlow: { flowId: action.start, vars: { event: scope.event ?? null } } };
  if ('message' in action) return { message: action.message };
  const ctx = {
    event: scope.event,
    user: {
      id: scope.user.id,
      displayName: scope.user.displayName,
      ...lifecycleView(scope.user, Date.now()),
      attributes: scope.user.attributes,
      tags: scope.user.tags,
    },
    shop: scope.shop,
    unsubscribe_url: scope.unsubscribeUrl ?? '',
  };
  const text = liquid.parseAndRenderSync(action.send.text, ctx) as string;
  const replies = action.send.quick_replies?.map((r) => ({ title: liquid.parseAndRenderSync(r, ctx) as string }));
  return { message: replies && replies.length > 0 ? { type: 'quick_replies', text, replies } : { type: 'text', text } };
}
