import { afterRecording } from '../bot/recorder-tap';
import type { BatchTurnRecorder } from '../bot/buffered-turn-recorder';
import type { TurnRecord } from '../bot/ports';
import type { Logger } from '../core/log';
import { conversationKey } from '../core/message';
import { maskPersonalData } from '../core/privacy';
import type { DeskEvents } from './desk-events';
import type { Handoffs } from './handoff-types';
import { ShownMessages } from './shown-messages';

/** What {@link recordingHandoffs} needs. */
export interface DeskRecorderDeps {
  handoffs: Handoffs;
  events: Pick<DeskEvents, 'publish'>;
  /** Whether a door's handoffs go to kefu's console (`human_doors: { web: console }`), as the flows say now. */
  answeredInConsole(channel: string): boolean;
  logger: Pick<Logger, 'warn'>;
}

/**
 * A recorder that keeps the agent inbox in step with the conversation log: a turn that handed over to the console
 * opens a handoff (待接入), a shopper's message while handed over is shown in it, and a turn on which the idle time
 * gave the conversation back to the bot closes it. A message whose turn threw while handed over is shown all the same
 * (the operator serves the shopper, whatever the bot side did), once: its re-runs in this process add nothing (see
 * {@link ShownMessages}). Runs after the turns were written (never on the turn's own path); what cannot be kept is
 * logged and dropped.
 *
 * @example
 * const recorder = new BufferedTurnRecorder(recordingHandoffs(conversations, { handoffs, events, answeredInConsole, logger }));
 */
export function recordingHandoffs(log: BatchTurnRecorder, deps: DeskRecorderDeps): BatchTurnRecorder {
  const shown = new ShownMessages();
  const keep = async (records: readonly TurnRecord[]): Promise<void> => {
    for (const record of records) {
      if (record.mode !== 'handoff' && !record.handoffExpired) continue; // the common case: nothing to do
      try {
        await keepOne(record, deps, shown);
      } catch (err) {
        deps.logger.warn(
          { err, channel: record.ref.channel },
          'agent inbox not updated for this turn: the console shows it on the next message',
        );
      }
    }
  };
  return afterRecording(log, keep);
}

async function keepOne(record: TurnRecord, deps: DeskRecorderDeps, shown: ShownMessages): Promise<void> {
  const key = conversationKey(record.ref);
  const at = (record.at ?? new Date()).getTime();
  const text = shopperText(record);
  if (record.handoffExpired) {
    const open = await deps.handoffs.openOf(key);
    const closed = open && (await deps.handoffs.close(open.id, 'idle', at));
    if (closed) await deps.events.publish({ type: 'closed', id: closed.id, at });
  }
  if (record.mode !== 'handoff' || !record.userId) return;
  if (record.handoffReason !== undefined) {
    if (!deps.answeredInConsole(record.ref.channel)) return;
    const { handoff, created } = await deps.handoffs.open({
      conversation: key,
      ref: record.ref,
      userId: record.userId,
      reason: record.handoffReason,
      at,
      ...(text === undefined ? {} : { text }),
    });
    if (created) await deps.events.publish({ type: 'handoff', id: handoff.id, at });
    return;
  }
  if (record.inbound.kind === 'event') return;
  if (record.rerun && shown.has(key, record.inbound.id)) return; // shown from its failed run already
  if (record.failed) shown.add(key, record.inbound.id);
  const noted = await deps.handoffs.noteShopper(key, text, at);
  if (noted) await deps.events.publish({ type: 'message', id: noted.id, at });
}

/** The shopper's words as the conversation log keeps them (personal data masked); `[图片]` for an image. */
function shopperText(record: TurnRecord): string | undefined {
  const inbound = record.inbound;
  if (inbound.kind === 'image') return '[图片]';
  return inbound.text === undefined ? undefined : maskPersonalData(inbound.text);
}
