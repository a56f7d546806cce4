import { pushFlow } from './frames';
import { runActive } from './run-loop';
import type { TriggerMatch } from './select-trigger';
import type { Turn } from './turn';

/** Starts the flow of a winning trigger and runs it until it waits or ends. */
export async function startFlow(turn: Turn, flowId: string): Promise<void> {
  if (!pushFlow(turn, flowId)) return;
  turn.startedFlow = flowId;
  await runActive(turn);
}

/** Starts a matched flow. */
export function startMatch(turn: Turn, match: TriggerMatch): Promise<void> {
  return startFlow(turn, match.flow.id);
}
