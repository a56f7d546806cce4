import type { FlowFrame } from '../../core/conversation-state';
import type { Turn } from './turn';
import { focusedProduct } from './focus-ttl';
import { lifecycleView } from '../../core/lifecycle';

/**
 * The template/condition context of a turn: `shop`, `user` (with `isNew`, `lifecycle`, `orders`, `daysSinceLastOrder`), `slots`, `vars`, `entities`
 * (type → first value, plus `all`), `message`, `intent`, `event`, `focus` (`focus.product`: the product in focus or null),
 * `service` (service hours and whether a human can answer now, see ServiceContext), `profile` (`tags`, `profileTags`,
 * `service`: the shopper's service history), `features` (behaviour features; docs/profiles.md) and `conversation`
 * (`conversation.minutes_since.<flow>`: minutes since this conversation last entered that flow, within a day; else null).
 */
export function buildContext(turn: Turn, frame?: FlowFrame): Record<string, unknown> {
  const { input } = turn;
  const entities: Record<string, unknown> = { all: turn.entities };
  for (const e of turn.entities) if (!(e.type in entities)) entities[e.type] = e.value;
  const u = input.user;
  const tags = turn.profile?.tags ?? u.tags; // kefu's own tags and the profile tags that hold now
  return {
    shop: turn.services.shop,
    user: { ...u.attributes, id: u.id, name: u.displayName ?? '', displayName: u.displayName ?? '', ...lifecycleView(u, input.now), tags, attributes: u.attributes, optedOut: u.optedOut },
    profile: { tags, profileTags: turn.profile?.profileTags ?? [], service: turn.profile?.service ?? {} },
    features: turn.profile?.features ?? {},
    slots: frame?.slots ?? {},
    vars: frame?.vars ?? {},
    entities,
    message: { text: turn.text, kind: input.message.kind, postback: input.message.postback ?? null },
    intent: { name: input.recognition.top.name, score: input.recognition.top.score, scores: input.recognition.intents },
    focus: { product: focusedProduct(turn) ?? null },
    service: turn.service ?? {},
    conversation: { minutes_since: minutesSinceEntered(turn) },
    event: input.message.event ? { type: input.message.event.type, ...input.message.event.payload, payload: input.message.event.payload ?? {} } : null,
  };
}

/** Whole minutes since the conversation last entered each flow (ConversationState.entered, kept for a day). */
function minutesSinceEntered(turn: Turn): Record<string, number> {
  const now = turn.input.now;
  return Object.fromEntries(Object.entries(turn.state.entered ?? {}).map(([flowId, at]) => [flowId, Math.floor((now - at) / 60_000)]));
}
