import type { ConversationRef, InboundMessage, OutboundMessage } from '../core/message';
import type { TurnInput, TurnOutput } from '../flows/engine-types';
import type { Recognition } from '../nlu/recognizer';

/** Runs one turn of the flows (implemented by FlowEngine). */
export interface TurnRunner {
  runTurn(input: TurnInput): Promise<TurnOutput>;
}

/** One handled turn, as the durable log records it. */
export interface TurnRecord {
  ref: ConversationRef;
  userId: string;
  inbound: InboundMessage;
  replies: OutboundMessage[];
  recognition?: Recognition;
  activeFlow?: string;
  activeStep?: string;
  slots?: Record<string, unknown>;
  mode: 'bot' | 'handoff';
  escalated?: boolean;
}

/** Durable record of conversations and messages (implemented over typeorm in src/store). */
export interface TurnRecorder {
  recordTurn(record: TurnRecord): Promise<void>;
}

/** Delivers a reply to the channel a conversation lives on. */
export interface ReplySender {
  send(ref: ConversationRef, message: OutboundMessage): Promise<void>;
}
