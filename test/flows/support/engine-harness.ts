import path from 'node:path';
import { DemoCommerce } from '../../../src/commerce/demo-store';
import { outboundToText, type InboundMessage } from '../../../src/core/message';
import type { UserProfile } from '../../../src/core/user';
import { FlowEngine, type FlowEngineOptions } from '../../../src/flows/engine';
import type { ActionHandler, ActionRegistry, TurnOutput } from '../../../src/flows/engine-types';
import { loadFlowBundle } from '../../../src/flows/load-bundle';
import { type FlowBundle } from '../../../src/flows/types';
import { emptyConversationState, type ConversationState } from '../../../src/core/conversation-state';
import { recognitionFromScores } from '../../../src/core/recognizer';

/** A plain in-memory action registry built from handler functions. */
export function registryOf(handlers: Record<string, ActionHandler>): ActionRegistry {
  return { has: (n) => n in handlers, names: () => Object.keys(handlers), get: (n) => handlers[n] };
}

/** Actions used by the engine fixture flows. */
export function fixtureActions(calls: string[] = []): ActionRegistry {
  return registryOf({
    'coupon.issue': async (args) => {
      calls.push(`coupon.issue:${String(args.template)}:${String(args.note)}`);
      return { code: 'C-1', title: '新人券', amount: 20, minSpend: 99, expiresAt: '2030-01-01T00:00:00.000Z' };
    },
    'product.recommend': async (args) => {
      calls.push(`product.recommend:${String(args.category)}`);
      return [
        { id: 'p1', title: `${String(args.category)}爆款`, price: 99, variants: [{ sku: 'p1-a', options: {}, stock: 3 }] },
        { id: 'p2', title: `${String(args.category)}新品`, price: 129, variants: [{ sku: 'p2-a', options: {}, stock: 50 }] },
      ];
    },
    'logistics.track': async (args) => ({ orderId: args.orderId, status: '运输中' }),
    'handoff.human': async (args, ctx) => {
      ctx.requestHandoff(String(args.reason));
      ctx.updateUser({ tags: ['handoff'] });
      return { requested: true };
    },
    'test.fail': async () => {
      throw new Error('boom');
    },
  });
}

export const FIXTURES = path.join(__dirname, '..', 'fixtures');

/** Loads a fixture flow dir or fails the test with every error. */
export async function loadFixture(name: string, actionNames?: string[]): Promise<FlowBundle> {
  const { bundle, errors } = await loadFlowBundle(path.join(FIXTURES, name), { actionNames });
  if (!bundle) throw new Error(errors.map((e) => e.message).join('\n'));
  return bundle;
}

export function makeUser(patch: Partial<UserProfile> = {}): UserProfile {
  const now = new Date(0).toISOString();
  return { id: 'u-1', identities: [], isNew: true, attributes: {}, tags: [], optedOut: false, createdAt: now, lastSeenAt: now, ...patch };
}

/** A conversation with the engine: send text or events, read replies as text. */
export class EngineChat {
  state: ConversationState = emptyConversationState(0);
  last?: TurnOutput;
  private n = 0;

  constructor(
    readonly engine: FlowEngine,
    public user: UserProfile = makeUser(),
  ) {}

  static async create(dir = 'engine', options: Partial<FlowEngineOptions> = {}, user?: UserProfile): Promise<EngineChat> {
    const actions = options.actions ?? fixtureActions();
    const bundle = await loadFixture(dir, actions.names());
    const engine = new FlowEngine({ bundle: () => bundle, actions, commerce: new DemoCommerce(), shop: { name: '小美优选', timezone: 'Asia/Shanghai' }, ...options });
    return new EngineChat(engine, user);
  }

  async send(text: string, intents: Record<string, number> = {}): Promise<TurnOutput> {
    return this.turn({ kind: 'text', text }, recognitionFromScores(text, intents));
  }

  async event(type: string): Promise<TurnOutput> {
    return this.turn({ kind: 'event', event: { type } }, recognitionFromScores('', {}));
  }

  /** Reply texts of the last turn. */
  texts(out = this.last): string[] {
    return (out?.replies ?? []).map(outboundToText);
  }

  private async turn(msg: Partial<InboundMessage>, recognition: ReturnType<typeof recognitionFromScores>): Promise<TurnOutput> {
    const message = { id: `m${++this.n}`, ref: { channel: 'test', conversationId: 'c1', userId: this.user.id }, receivedAt: 0, ...msg } as InboundMessage;
    this.last = await this.engine.runTurn({ message, user: this.user, recognition, state: this.state, now: this.n });
    this.state = this.last.state;
    return this.last;
  }
}
