import type { SendOptions, SendResult } from '../core/channel-adapter';
import type { ConversationRef, OutboundMessage } from '../core/message';
import type { TurnInput, TurnOutput } from '../flows/engine-types';
import type { TurnRecord } from '../core/turn-record';

export type { TurnRecord };

/** Runs one turn of the flows (implemented by FlowEngine). */
export interface TurnRunner {
  runTurn(input: TurnInput): Promise<TurnOutput>;
}

/** Durable record of conversations and messages (implemented over typeorm in src/store). */
export interface TurnRecorder {
  recordTurn(record: TurnRecord): Promise<void>;
}

/** Delivers a reply to the channel a conversation lives on. */
export interface ReplySender {
  send(ref: ConversationRef, message: OutboundMessage, options?: SendOptions): Promise<SendResult | void>;
}
