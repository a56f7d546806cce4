/**
 * The pinyin lexicon of a loaded flow bundle, and one normaliser per bundle (it follows hot reload).
 */
import type { FlowBundle } from '../../flows/types';
import { createNormalizer, type Normalizer } from './create-normalizer';

/**
 * Words of a bundle a shopper may write in pinyin: every trigger's `keywords`, every `ask` step's `options`,
 * and the examples of flows/intents.yaml, in that order (earlier words win over homophones).
 *
 * @example
 * lexiconFromBundle(bundle); // ['优惠券', '优惠', '领券', …, '我的快递到哪了', …]
 */
export function lexiconFromBundle(bundle: FlowBundle): string[] {
  const words = new Set<string>();
  for (const flow of bundle.flows.values()) {
    for (const trigger of flow.triggers) for (const word of trigger.keywords ?? []) words.add(word);
  }
  for (const flow of bundle.flows.values()) {
    for (const step of flow.steps) if (step.kind === 'ask') for (const option of step.options ?? []) words.add(option);
  }
  for (const intent of bundle.intents.values()) for (const example of intent.examples) words.add(example);
  return [...words];
}

const byBundle = new WeakMap<FlowBundle, Normalizer>();

/**
 * The normaliser for this bundle, built on first use and cached by bundle identity: after a hot reload the
 * new bundle gets its own (the old one is garbage-collected with its bundle).
 *
 * @example
 * const normalize: Normalizer = (text) => normalizerFor(flows.current())(text);
 */
export function normalizerFor(bundle: FlowBundle): Normalizer {
  let normalize = byBundle.get(bundle);
  if (!normalize) byBundle.set(bundle, (normalize = createNormalizer({ lexicon: lexiconFromBundle(bundle) })));
  return normalize;
}
