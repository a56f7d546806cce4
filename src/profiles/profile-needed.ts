import type { FlowBundle } from '../flows/types';

const cache = new WeakMap<FlowBundle, WeakMap<object, boolean>>();

/**
 * Whether the flows being served can read a shopper's profile during a turn: `profile.…` or `features.…` in a flow's
 * triggers or steps (conditions, templates, action arguments), or the name of a catalogue tag (as in `user.tags contains "沉睡客"`). When
 * they cannot, a turn skips reading features and service history (one Redis read and four queries for a shopper not
 * cached yet) and flows see kefu's own tags, which is all they can ask about. Worked out once per bundle and catalogue.
 *
 * @example
 * if (profileNeeded(flows.current(), catalogue.tags)) profile = await tags.ofUser(user, now);
 */
export function profileNeeded(bundle: FlowBundle, catalogue: { tags: readonly { name: string }[] }): boolean {
  let byCatalogue = cache.get(bundle);
  if (!byCatalogue) cache.set(bundle, (byCatalogue = new WeakMap()));
  const known = byCatalogue.get(catalogue);
  if (known !== undefined) return known;
  // What a turn evaluates: triggers and steps (outreach judges `proactive:` and `predict:` with its own reads).
  const text = JSON.stringify([...bundle.flows.values()].map((flow) => [flow.triggers, flow.steps]));
  // A tag name counts when quoted, as conditions write it (`user.tags contains "沉睡客"`): not inside a reply's text.
  const quoted = (name: string): boolean => text.includes(`\\"${name}\\"`) || text.includes(`'${name}'`);
  const needed = /\b(profile|features)\./.test(text) || catalogue.tags.some((tag) => quoted(tag.name));
  byCatalogue.set(catalogue, needed);
  return needed;
}
