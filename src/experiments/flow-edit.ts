import { isMap, isSeq, parseDocument, type Document, type YAMLMap } from 'yaml';
import { KefuError } from '../core/errors';
import { loadFlowFile } from '../flows/load/load-file';
import { successors } from '../flows/validate/unreachable-steps';

/** The flow file has no such experiment or variant (the file changed since the page was loaded). */
export class ExperimentEditError extends KefuError {
  constructor(message: string, fix: string) {
    super('CONFLICT', message, fix);
  }
}

function load(text: string, experimentId: string): Document {
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    throw new ExperimentEditError(
      `流程文件无法解析。The flow file does not parse: ${doc.errors[0]!.message}`,
      'correct the file in the studio first.',
    );
  if (doc.getIn(['experiment', 'id']) !== experimentId)
    throw new ExperimentEditError(
      `流程文件里没有实验 ${experimentId}。The flow file has no experiment '${experimentId}'.`,
      'reload the page: the flow was changed since.',
    );
  return doc;
}

/**
 * The flow file with its experiment stopped (`status: stopped`): everyone sees the control again. Comments and
 * layout stay as they were.
 *
 * @example
 * stopExperimentText(text, 'welcome_copy'); // '… status: stopped …'
 */
export function stopExperimentText(text: string, experimentId: string): string {
  const doc = load(text, experimentId);
  doc.setIn(['experiment', 'status'], 'stopped');
  return doc.toString();
}

/**
 * The flow file rewritten to the winning variant: every `say: { variants }` says the winner's text (and its quick
 * replies), every `variants:` step becomes a branch to the winner's next step, and the experiment is stopped with
 * `winner:` recorded (its exposures and results stay).
 *
 * @example
 * promoteVariantText(text, 'welcome_copy', 'B');
 */
export function promoteVariantText(text: string, experimentId: string, winner: string): string {
  const doc = load(text, experimentId);
  const steps = doc.get('steps');
  let found = false;
  if (isSeq(steps)) {
    steps.items.forEach((step, i) => {
      if (!isMap(step)) return;
      const say = step.get('say');
      if (isMap(say) && say.has('variants')) found = promoteSay(doc, step, i, winner) || found;
      else if (step.has('variants')) found = promoteSplit(doc, step, i, winner) || found;
    });
  }
  if (!found)
    throw new ExperimentEditError(
      `实验 ${experimentId} 里没有变体 ${winner}。The experiment has no variant '${winner}'.`,
      'pick one of the variants shown on the page.',
    );
  doc.setIn(['experiment', 'status'], 'stopped');
  doc.setIn(['experiment', 'winner'], winner);
  dropUnreachable(doc);
  return doc.toString();
}

/** Removes the steps only the losing variants led to (they can no longer be reached from the first step). */
function dropUnreachable(doc: Document): void {
  const flow = loadFlowFile('promoted.yaml', doc.toString()).value;
  const steps = doc.get('steps');
  if (!flow || !isSeq(steps)) return;
  const byId = new Map(flow.steps.map((s) => [s.id, s]));
  const seen = new Set<string>();
  const todo = flow.steps.slice(0, 1);
  while (todo.length > 0) {
    const step = todo.pop()!;
    if (seen.has(step.id)) continue;
    seen.add(step.id);
    for (const id of successors(flow, step)) if (byId.has(id)) todo.push(byId.get(id)!);
  }
  for (let i = flow.steps.length - 1; i >= 0; i--) if (!seen.has(flow.steps[i]!.id)) steps.delete(i);
}

function variantOf(doc: Document, path: (string | number)[], winner: string): Record<string, unknown> | undefined {
  const list = doc.getIn(path, true);
  if (!isSeq(list)) return undefined;
  const item = list.items.find((v) => isMap(v) && String(v.get('id')) === winner) as YAMLMap | undefined;
  return item?.toJSON() as Record<string, unknown> | undefined;
}

function promoteSay(doc: Document, step: YAMLMap, i: number, winner: string): boolean {
  const v = variantOf(doc, ['steps', i, 'say', 'variants'], winner);
  if (!v) return false;
  step.set('say', doc.createNode(v.text));
  if (v.quick_replies !== undefined) step.set('quick_replies', doc.createNode(v.quick_replies));
  return true;
}

function promoteSplit(doc: Document, step: YAMLMap, i: number, winner: string): boolean {
  const v = variantOf(doc, ['steps', i, 'variants'], winner);
  if (!v) return false;
  step.delete('variants');
  step.set('branch', doc.createNode([{ else: v.next }]));
  return true;
}
