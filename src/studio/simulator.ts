import { DemoCommerce } from '../commerce/demo-store';
import { outboundToText, type OutboundMessage } from '../core/message';
import type { Recognition } from '../core/recognizer';
import { MemoryStateStore } from '../core/state-store';
import { createActionRegistry } from '../flows/actions';
import { FlowEngine } from '../flows/engine';
import type { ShopInfo } from '../flows/engine-types';
import { createEngineDriver, type TranscriptInput, type TranscriptUser } from '../flows/transcript';
import type { FlowBundle } from '../flows/types';
import { extractEntities } from '../nlu/entities';
import { normalizerFor } from '../nlu/normalize';

/** What the shopper does in one simulated turn: types, taps a quick reply the bot offered, or an event happens. */
export type SimulatedInput = { text: string } | { click: string } | { event: string };

/** One reply as the simulator shows it. */
export interface SimulatedReply {
  type: OutboundMessage['type'];
  text: string;
  /** Quick-reply buttons offered. */
  buttons?: string[];
}

/** One simulated turn's outcome. */
export interface SimulatedTurn {
  replies: SimulatedReply[];
  flow: string | null;
  step: string | null;
  handoff: boolean;
}

/** Options of {@link simulateChat}. */
export interface SimulateOptions {
  /** The real recogniser of the running kefu (intents and entities), as the live bot uses it. */
  recognize(text: string): Promise<Recognition> | Recognition;
  shop: ShopInfo;
  /** A new shopper (default) or a returning one with two delivered orders. */
  shopper?: 'new' | 'returning';
  now?: () => number;
}

const SHOPPERS: Record<'new' | 'returning', TranscriptUser> = {
  new: { id: 'studio-sim-new', isNew: true, tags: [], attributes: {} },
  returning: {
    id: 'studio-sim-returning',
    isNew: false,
    tags: [],
    attributes: {},
    orders: { count: 2, daysSinceLast: 20, delivered: true },
  },
};

/**
 * Plays a chat against a draft bundle from the start, every time: the real engine and recogniser, but an engine of its
 * own over the draft, its own in-memory state and a demo shop, so live shoppers and the live state store are never
 * touched, and any kefu process can answer (nothing is kept between calls). A tap names a button the bot offered in
 * the turn before.
 *
 * @example
 * const turns = await simulateChat(draftBundle, [{ event: 'visit' }, { text: '有优惠券吗' }], { recognize, shop });
 */
export async function simulateChat(bundle: FlowBundle, inputs: SimulatedInput[], options: SimulateOptions): Promise<SimulatedTurn[]> {
  const engine = new FlowEngine({
    bundle: () => bundle,
    actions: createActionRegistry(),
    commerce: new DemoCommerce(),
    shop: options.shop,
    extractEntities: (t) => extractEntities(t, { timeZone: options.shop.timezone }),
    recognize: async (t) => options.recognize(t),
  });
  const start = (options.now ?? Date.now)();
  const driver = createEngineDriver(engine, {
    store: new MemoryStateStore(),
    recognize: options.recognize,
    normalize: normalizerFor(bundle),
    now: () => start,
  });
  await driver.reset(SHOPPERS[options.shopper ?? 'new'], { channel: 'web', now: start });
  const turns: SimulatedTurn[] = [];
  let offered: { title: string; payload?: string }[] = [];
  for (const [i, input] of inputs.entries()) {
    const got = await driver.turn(toInput(input, offered), undefined, start + i * 1000);
    offered = got.replies.flatMap((r) => (r.type === 'quick_replies' ? r.replies : []));
    turns.push({
      replies: got.replies.map(toReply),
      flow: got.activeFlow ?? null,
      step: got.activeStep ?? null,
      handoff: got.state.mode === 'handoff',
    });
  }
  return turns;
}

function toInput(input: SimulatedInput, offered: { title: string; payload?: string }[]): TranscriptInput {
  if ('event' in input) return { kind: 'event', event: input.event };
  if ('text' in input) return { kind: 'text', text: input.text };
  const button = offered.find((b) => b.title === input.click);
  return { kind: 'click', title: input.click, payload: button?.payload ?? input.click };
}

function toReply(r: OutboundMessage): SimulatedReply {
  if (r.type === 'quick_replies') return { type: r.type, text: r.text, buttons: r.replies.map((q) => q.title) };
  return { type: r.type, text: outboundToText(r) };
}
