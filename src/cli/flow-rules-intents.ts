import { loadFlowBundle } from '../flows/load-bundle';
import { matchTriggers } from '../flows/runtime/select-trigger';
import type { FlowBundle } from '../flows/types';
import { NO_INTENT, type Recognition, type Recognizer } from '../core/recognizer';

/** What the rules recogniser's turns do with a message, read as an intent (for `kefu nlu eval --rules`). */
const NO_MATCH = 'out_of_scope';

/**
 * The `rules` recogniser as a classifier, for measuring it on the same labelled sets as the model: a message gets the
 * intent of the flow whose keyword or regex trigger it fires (the flow's own `intent:` trigger names it), or
 * `out_of_scope` when none fires (the bot's fallback). Intent triggers never fire here: rules have no scores.
 *
 * @example
 * const rules = await FlowRulesIntents.load('flows');
 * (await rules.recognize('我的快递到哪了')).top; // { name: 'shipping_logistics', score: 1 }
 */
export class FlowRulesIntents implements Recognizer {
  private constructor(
    private readonly bundle: FlowBundle,
    private readonly intentOfFlow: Map<string, string>,
  ) {}

  /** Load the flows folder; throws the first flow error when it does not load. */
  static async load(flowsDir: string): Promise<FlowRulesIntents> {
    const { bundle, errors } = await loadFlowBundle(flowsDir);
    if (!bundle) throw errors[0] ?? new Error(`no flows in ${flowsDir}`);
    const intents = new Map<string, string>();
    for (const flow of bundle.flows.values()) {
      const intent = flow.triggers.find((t) => t.intent)?.intent;
      if (intent) intents.set(flow.id, intent);
    }
    return new FlowRulesIntents(bundle, intents);
  }

  /** The intents this classifier can output. */
  get labels(): string[] {
    return [...new Set([...this.intentOfFlow.values(), NO_MATCH])];
  }

  async recognize(text: string): Promise<Recognition> {
    const none: Recognition = { text, intents: {}, top: { name: NO_INTENT, score: 0 }, entities: [] };
    const match = matchTriggers(this.bundle, { text, recognition: none, ctx: {} }).find((m) => m.via !== 'intent');
    const name = (match && this.intentOfFlow.get(match.flow.id)) ?? NO_MATCH;
    return { text, intents: { [name]: 1 }, top: { name, score: 1 }, entities: [] };
  }
}
