import { compileCondition, type CompiledCondition } from '../flows/conditions/compile';
import type { CondNode } from '../flows/conditions/ast';
import { ConditionSyntaxError } from '../flows/conditions/tokenizer';
import type { YamlPath, YamlSource } from '../flows/load/yaml-source';
import { conditionZh } from '../flows/messages/zh-details';
import { closest } from '../flows/suggest';
import { FEATURE_NAMES, KEYED_FEATURES } from './feature-names';
import { CLOCK_FIELDS, USER_FIELDS } from './profile-context';
import { ProfileRuleError } from './rule-problem';
import { KEYED_SERVICE_NAMES, SERVICE_SUMMARY_NAMES } from './service-history';

/** What a rule may read: the shop's declared attributes, and for segments the tag names (`profile.tags`). */
export interface RuleScope {
  attributes: ReadonlySet<string>;
  /** Tag names of the catalogue; absent: `profile.*` may not be used (tag rules do not read other tags). */
  tags?: ReadonlySet<string>;
}

const ROOT_NAMES: Record<string, readonly string[]> = {
  features: FEATURE_NAMES,
  service: SERVICE_SUMMARY_NAMES,
  clock: CLOCK_FIELDS,
};

/**
 * Compiles the rule at `path` of `src` and checks every name it reads (unknown features, service fields, attributes,
 * tags), each problem a {@link ProfileRuleError} pointing at the name.
 *
 * @example
 * checkRule(src, ['groups', '行为', 0, 'when'], { attributes: new Set(['gender']) });
 */
export function checkRule(src: YamlSource, path: YamlPath, scope: RuleScope): { rule?: CompiledCondition; errors: ProfileRuleError[] } {
  const text = String(resolveValue(src.value, path) ?? '');
  let rule: CompiledCondition;
  try {
    rule = compileCondition(text);
  } catch (err) {
    if (!(err instanceof ConditionSyntaxError)) throw err;
    const fix = '对照 docs/flow-authoring.md 第 5 节的条件写法修改（括号、引号要成对，比较用 ==、>=，“并且/或者”用 and / or）。';
    const problem = `条件「${text}」写得不对：第 ${err.col} 个字符处${conditionZh(err.problem)}。`;
    return { errors: [new ProfileRuleError(problem, fix, src.posInScalar(path, err.offset))] };
  }
  const errors = rule.paths.flatMap(({ path: names, pos }) => {
    const bad = nameProblem(names, scope);
    return bad ? [new ProfileRuleError(bad.problem, bad.fix, src.posInScalar(path, pos))] : [];
  });
  errors.push(...tagLiteralProblems(rule.ast, scope).map((t) => new ProfileRuleError(t.problem, t.fix, src.posInScalar(path, t.pos))));
  return errors.length ? { errors } : { rule, errors };
}

function nameProblem(names: string[], scope: RuleScope): { problem: string; fix: string } | undefined {
  const [root, name, sub] = names;
  const full = names.join('.');
  const roots = ['user', 'features', 'service', 'clock', ...(scope.tags ? ['profile'] : [])];
  if (!roots.includes(root!)) {
    if (root === 'profile')
      return {
        problem: `标签的条件里不能用 ${full}（标签之间不互相引用）。`,
        fix: '直接写出那个标签的条件；按标签圈人请写在 flows/segments.yaml 里。',
      };
    return { problem: `不认识的变量 ${full}。`, fix: `变量要以 ${roots.join('、')} 开头${hint(root!, roots)}。` };
  }
  if (name === undefined) return { problem: `${full} 后面要写具体的名字。`, fix: `写成 ${root}.名字，例如 features.product_view_24h。` };
  if (root === 'profile')
    return name === 'tags' ? undefined : { problem: `不认识的变量 ${full}。`, fix: '分群里只能用 profile.tags（顾客现在有的标签）。' };
  if (root === 'user') return userProblem(full, name, sub, scope);
  const known = ROOT_NAMES[root!]!;
  if (!known.includes(name))
    return { problem: `不认识的变量 ${full}。`, fix: `用 docs/profiles.md 里列出的 ${root}.* 名字${hint(name, known)}。` };
  const keyed =
    (root === 'features' && KEYED_FEATURES.includes(name)) ||
    (root === 'service' && (KEYED_SERVICE_NAMES as readonly string[]).includes(name));
  if (sub !== undefined && !keyed) return { problem: `${root}.${name} 下面没有 ${sub}。`, fix: `去掉 .${sub}。` };
  return undefined;
}

function userProblem(full: string, name: string, sub: string | undefined, scope: RuleScope): { problem: string; fix: string } | undefined {
  const attr = name === 'attributes' ? sub : (USER_FIELDS as readonly string[]).includes(name) ? undefined : name;
  if (attr === undefined) return undefined;
  if (scope.attributes.has(attr)) return undefined;
  const known = [...scope.attributes, ...USER_FIELDS];
  return {
    problem: `顾客属性 ${attr}（${full}）没有在 flows/profile-tags.yaml 的 attributes 里声明。`,
    fix: `在 attributes 里加上 ${attr} 和它的说明，或改成已声明的属性${hint(attr, known)}。`,
  };
}

/** `profile.tags contains "X"` / `"X" in profile.tags` with a tag X the catalogue does not have. */
function tagLiteralProblems(node: CondNode, scope: RuleScope): { problem: string; fix: string; pos: number }[] {
  if (!scope.tags) return [];
  const tags = scope.tags;
  const isTags = (n: CondNode): boolean => n.type === 'path' && n.path.join('.') === 'profile.tags';
  const literal = (n: CondNode): { value: string; pos: number }[] =>
    n.type === 'lit' && typeof n.value === 'string' ? [{ value: n.value, pos: n.pos }] : n.type === 'list' ? n.items.flatMap(literal) : [];
  let found: { value: string; pos: number }[] = [];
  if (node.type === 'cmp' && node.op === 'contains' && isTags(node.left)) found = literal(node.right);
  if (node.type === 'cmp' && node.op === 'in' && isTags(node.right)) found = literal(node.left);
  if (node.type === 'call' && node.name === 'contains' && isTags(node.args[0]!)) found = literal(node.args[1]!);
  const own = found
    .filter((l) => !tags.has(l.value))
    .map((l) => ({
      problem: `标签「${l.value}」不在 flows/profile-tags.yaml 里。`,
      fix: `写成目录里有的标签${hint(l.value, [...tags])}，或先在目录里加上它。`,
      pos: l.pos,
    }));
  const children =
    node.type === 'not'
      ? [node.arg]
      : node.type === 'and' || node.type === 'or'
        ? [node.left, node.right]
        : node.type === 'call'
          ? node.args
          : [];
  return [...own, ...children.flatMap((c) => tagLiteralProblems(c, scope))];
}

function hint(word: string, candidates: readonly string[]): string {
  const best = closest(word, candidates);
  return best ? `（您是不是想写 ${best}？）` : '';
}

function resolveValue(root: unknown, path: YamlPath): unknown {
  let v = root;
  for (const seg of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined;
  return v;
}
