import type { CompiledCondition } from '../flows/conditions/compile';
import { renderFlowError } from '../flows/messages/flow-problem';
import { FlowProblem } from '../flows/messages/flow-problem';
import { parseYamlSource, type YamlSource } from '../flows/load/yaml-source';
import type { SourcePos } from '../flows/types';
import { checkRule } from './rule-check';
import { ProfileRuleError } from './rule-problem';
import { closest } from '../flows/suggest';

/** One tag of the catalogue: a Chinese name, its group, what it means and the rule that decides it. */
export interface TagDef {
  name: string;
  group: string;
  description: string;
  when: CompiledCondition;
  pos: SourcePos;
}

/** The tag catalogue (flows/profile-tags.yaml): the shop's declared attributes and every tag, in file order. */
export interface TagCatalogue {
  /** Attribute name → what it holds (`user.<name>` in rules). */
  attributes: Map<string, string>;
  tags: TagDef[];
  /** Tag name → tag. */
  byName: Map<string, TagDef>;
}

const TAG_KEYS = ['name', 'when', 'description'];
const TOP_KEYS = ['attributes', 'groups'];

/**
 * Parses and checks a tag catalogue: shape (unknown keys, missing fields, duplicate names) and every rule (syntax,
 * unknown features/service fields/attributes). Errors are Chinese `file:line:col` lines; a catalogue only without errors.
 *
 * @example
 * const { catalogue, errors } = parseTagCatalogue('flows/profile-tags.yaml', text);
 */
export function parseTagCatalogue(file: string, text: string): { catalogue?: TagCatalogue; errors: ProfileRuleError[] } {
  const src = parseYamlSource(file, text);
  if (src.errors.length) return { errors: src.errors.map((e) => yamlError(e, src)) };
  const root = src.value;
  if (!isMap(root) || !isMap(root.groups)) {
    return {
      errors: [
        new ProfileRuleError(
          '文件要有 groups:（分组 → 标签列表）。',
          '照 flows/profile-tags.yaml 开头的说明写：attributes: 和 groups:。',
          src.posOf([]),
        ),
      ],
    };
  }
  const errors: ProfileRuleError[] = unknownKeys(src, [], root, TOP_KEYS);
  const attributes = new Map<string, string>();
  for (const [name, about] of Object.entries(isMap(root.attributes) ? root.attributes : {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      errors.push(
        new ProfileRuleError(
          `属性名 ${name} 只能用英文字母、数字和下划线。`,
          '改成 snake_case，例如 city_tier。',
          src.keyPosOf(['attributes', name]),
        ),
      );
    attributes.set(name, String(about ?? ''));
  }
  const tags: TagDef[] = [];
  const byName = new Map<string, TagDef>();
  for (const [group, list] of Object.entries(root.groups)) {
    if (!Array.isArray(list)) {
      errors.push(
        new ProfileRuleError(
          `分组「${group}」下面要是一个标签列表（每项以 - 开头）。`,
          '在分组名下面一行写 `- name: …`。',
          src.posOf(['groups', group]),
        ),
      );
      continue;
    }
    list.forEach((entry, i) => {
      const path = ['groups', group, i];
      const def = tagOf(src, path, entry, group, attributes, errors);
      if (!def) return;
      const first = byName.get(def.name);
      if (first) {
        errors.push(
          new ProfileRuleError(`标签名「${def.name}」重复了（第 ${first.pos.line} 行已经有）。`, '改成别的名字，或删掉其中一条。', def.pos),
        );
        return;
      }
      byName.set(def.name, def);
      tags.push(def);
    });
  }
  if (errors.length) return { errors };
  return { catalogue: { attributes, tags, byName }, errors };
}

function tagOf(
  src: YamlSource,
  path: (string | number)[],
  entry: unknown,
  group: string,
  attributes: Map<string, string>,
  errors: ProfileRuleError[],
): TagDef | undefined {
  if (!isMap(entry)) {
    errors.push(new ProfileRuleError('每个标签要写 name、when 和 description。', '照文件里其他标签的样子写。', src.posOf(path)));
    return undefined;
  }
  const before = errors.length;
  errors.push(...unknownKeys(src, path, entry, TAG_KEYS));
  for (const key of TAG_KEYS) {
    const value = entry[key];
    if (typeof value !== 'string' || value.trim() === '') {
      errors.push(
        new ProfileRuleError(
          `标签缺少 ${key}（要是一段文字）。`,
          `补上 ${key}: …。`,
          value === undefined ? src.posOf(path) : src.posOf([...path, key]),
        ),
      );
    }
  }
  if (typeof entry.name === 'string' && entry.name.length > 32)
    errors.push(
      new ProfileRuleError(`标签名「${entry.name}」太长了（最多 32 个字）。`, '起一个短一点的名字。', src.posOf([...path, 'name'])),
    );
  if (errors.length > before) return undefined;
  const { rule, errors: ruleErrors } = checkRule(src, [...path, 'when'], { attributes: new Set(attributes.keys()) });
  errors.push(...ruleErrors);
  if (!rule) return undefined;
  return { name: String(entry.name), group, description: String(entry.description), when: rule, pos: src.posOf([...path, 'name']) };
}

/** Keys of `value` not in `allowed`, each an error at the key (with a likely meant key). */
export function unknownKeys(
  src: YamlSource,
  path: (string | number)[],
  value: Record<string, unknown>,
  allowed: readonly string[],
): ProfileRuleError[] {
  return Object.keys(value)
    .filter((k) => !allowed.includes(k))
    .map((k) => {
      const guess = closest(k, allowed);
      const fix = guess ? `改成 ${guess}。` : `这里只能写 ${allowed.join('、')}。`;
      return new ProfileRuleError(`未知字段 ${k}${guess ? `，您是不是想写 ${guess}？` : '。'}`, fix, src.keyPosOf([...path, k]));
    });
}

/** A YAML syntax problem in the flows checker's Chinese words. */
export function yamlError(error: { message: string; file: string; line: number; col: number }, src: YamlSource): ProfileRuleError {
  const at = { file: error.file, line: error.line, col: error.col };
  if (!(error instanceof FlowProblem)) return new ProfileRuleError(error.message, '检查这个文件的 YAML 写法。', at);
  const zh = renderFlowError(error, 'zh').slice(`${src.file}:${error.line}:${error.col}: `.length);
  const [problem, fix] = zh.split('修改方法：');
  return new ProfileRuleError(problem ?? zh, fix ?? '检查这个文件的 YAML 写法。', at);
}

/** A plain YAML mapping. */
export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
