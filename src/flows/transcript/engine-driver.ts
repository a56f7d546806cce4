import { MemoryStateStore, type ConversationStateStore } from '../../core/state-store';
import type { InboundMessage } from '../../core/message';
import type { OrderHistory, UserProfile } from '../../core/user';
import { recognitionFromScores, type Recognition } from '../../core/recognizer';
import type { FlowEngine } from '../engine';
import { emptyConversationState } from '../../core/conversation-state';
import type { Normalizer } from '../../nlu/normalize';
import type { DriverTurn, TranscriptDriver, TranscriptInput, TranscriptSetup, TranscriptUser } from './types';

/** A transcript's `orders:` as an order history at `now` (ms). */
function transcriptOrders(o: NonNullable<TranscriptUser['orders']>, now: number): OrderHistory {
  const last = new Date(now - o.daysSinceLast * 86_400_000).toISOString();
  return { count: o.count, firstOrderAt: last, lastOrderAt: last, ...(o.delivered ? { deliveredAt: last } : {}), checkedAt: new Date(now).toISOString() };
}

/** Options of {@link createEngineDriver}. */
export interface EngineDriverOptions {
  /** State store (default: a fresh MemoryStateStore). */
  store?: ConversationStateStore;
  /**
   * Recognises a text (default: no intents, no entities). A turn's simulated `intents:` replace the recogniser's
   * scores for that turn (the transcript pins what is understood); its entities are kept.
   */
  recognize?(text: string): Promise<Recognition> | Recognition;
  /** Clock. @defaultValue Date.now */
  now?: () => number;
  /**
   * Normalises what the shopper types before it is understood, as the bot does (e.g. `normalizerFor(bundle)`
   * from src/nlu/normalize: pinyin, Traditional, full-width, misspellings). Unset: text is understood as written.
   */
  normalize?: Normalizer;
}

/**
 * A transcript driver that talks to a {@link FlowEngine} directly (no channel, no server).
 *
 * @example
 * const driver = createEngineDriver(engine, { recognize: (t) => recognitionFromScores(t, {}, extractEntities(t)), normalize: normalizerFor(bundle) });
 * await runTranscript(test, driver);
 */
export function createEngineDriver(engine: FlowEngine, options: EngineDriverOptions = {}): TranscriptDriver {
  const store = options.store ?? new MemoryStateStore();
  const now = options.now ?? Date.now;
  let user: UserProfile | undefined;
  let channel = 'test';
  let n = 0;
  const key = (): string => `transcript:${user?.id ?? '-'}`;
  return {
    async reset(u: TranscriptUser, setup: TranscriptSetup = {}) {
      const at = new Date(now()).toISOString();
      channel = setup.channel ?? 'test';
      user = { id: u.id, identities: [{ channel, externalId: u.id }], isNew: u.isNew, tags: [...u.tags], attributes: { ...u.attributes }, optedOut: false, createdAt: at, lastSeenAt: at };
      if (u.orders) user.orders = transcriptOrders(u.orders, setup.now ?? now());
      await store.delete(key());
    },
    async turn(input: TranscriptInput, intents?: Record<string, number>, at?: number): Promise<DriverTurn> {
      if (!user) throw new Error('call reset(user) before turn()');
      const ref = { channel, conversationId: `c-${user.id}`, userId: user.id };
      const clock = at ?? now();
      const base = { id: `t-${++n}`, ref, receivedAt: clock };
      const message: InboundMessage =
        input.kind === 'event'
          ? { ...base, kind: 'event', event: { type: input.event } }
          : input.kind === 'click'
            ? { ...base, kind: 'postback', text: input.title, postback: input.payload ?? input.title }
            : textMessage(base, input.text, options.normalize);
      const text = message.text ?? '';
      const rec = text && options.recognize ? await options.recognize(text) : recognitionFromScores(text, {});
      const recognition = intents ? recognitionFromScores(text, { ...intents }, rec.entities) : rec;
      const state = (await store.load(key())) ?? emptyConversationState(clock);
      const out = await engine.runTurn({ message, user, recognition, state, now: clock });
      await store.save(key(), out.state);
      if (out.userPatch?.tags) user.tags = [...new Set([...user.tags, ...out.userPatch.tags])];
      if (out.userPatch?.attributes) user.attributes = { ...user.attributes, ...out.userPatch.attributes };
      if (out.userPatch?.optedOut !== undefined) user.optedOut = out.userPatch.optedOut;
      return { replies: out.replies, state: out.state, activeFlow: out.activeFlow, activeStep: out.activeStep };
    },
  };
}

/** A typed message as the bot sees it: normalised for understanding, with what was typed kept when it differs. */
function textMessage(base: Pick<InboundMessage, 'id' | 'ref' | 'receivedAt'>, typed: string, normalize?: Normalizer): InboundMessage {
  const text = normalize ? normalize(typed).text : typed;
  return { ...base, kind: 'text', text, ...(text !== typed ? { originalText: typed } : {}) };
}
