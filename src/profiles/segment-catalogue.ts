import type { CompiledCondition } from '../flows/conditions/compile';
import { parseYamlSource } from '../flows/load/yaml-source';
import type { SourcePos } from '../flows/types';
import { checkRule } from './rule-check';
import { ProfileRuleError } from './rule-problem';
import { isMap, unknownKeys, yamlError, type TagCatalogue } from './tag-catalogue';

/** A segment (人群): a named rule over shoppers' profiles, usable as a campaign audience. */
export interface SegmentDef {
  /** snake_case, e.g. `vip_sleepers` (campaigns name it: `segment: vip_sleepers`). */
  name: string;
  /** Chinese title, e.g. 沉睡的高价值顾客. */
  title: string;
  description: string;
  when: CompiledCondition;
  pos: SourcePos;
}

const SEGMENT_KEYS = ['name', 'title', 'when', 'description'];

/**
 * Parses and checks flows/segments.yaml against a tag catalogue (its attributes and tag names): a list `segments:`
 * of `{ name, title, when, description? }`. Errors are Chinese `file:line:col` lines; segments only without errors.
 *
 * @example
 * const { segments, errors } = parseSegments('flows/segments.yaml', text, catalogue);
 */
export function parseSegments(
  file: string,
  text: string,
  catalogue: TagCatalogue,
): { segments?: SegmentDef[]; errors: ProfileRuleError[] } {
  const src = parseYamlSource(file, text);
  if (src.errors.length) return { errors: src.errors.map((e) => yamlError(e, src)) };
  const root = src.value;
  if (!isMap(root) || !Array.isArray(root.segments)) {
    return { errors: [new ProfileRuleError('文件要有 segments:（分群列表）。', '照 flows/segments.yaml 开头的说明写。', src.posOf([]))] };
  }
  const errors = unknownKeys(src, [], root, ['segments']);
  const scope = { attributes: new Set(catalogue.attributes.keys()), tags: new Set(catalogue.byName.keys()) };
  const segments: SegmentDef[] = [];
  root.segments.forEach((entry: unknown, i: number) => {
    const path = ['segments', i];
    if (!isMap(entry)) {
      errors.push(new ProfileRuleError('每个分群要写 name、title 和 when。', '照文件里其他分群的样子写。', src.posOf(path)));
      return;
    }
    const before = errors.length;
    errors.push(...unknownKeys(src, path, entry, SEGMENT_KEYS));
    for (const key of ['name', 'title', 'when']) {
      if (typeof entry[key] !== 'string' || String(entry[key]).trim() === '')
        errors.push(
          new ProfileRuleError(
            `分群缺少 ${key}（要是一段文字）。`,
            `补上 ${key}: …。`,
            entry[key] === undefined ? src.posOf(path) : src.posOf([...path, key]),
          ),
        );
    }
    const name = String(entry.name ?? '');
    if (typeof entry.name === 'string' && !/^[a-z][a-z0-9_]{0,63}$/.test(name))
      errors.push(
        new ProfileRuleError(
          `分群名 ${name} 要用小写英文、数字和下划线（活动里按这个名字引用）。`,
          '改成 snake_case，例如 vip_sleepers。',
          src.posOf([...path, 'name']),
        ),
      );
    const first = segments.find((s) => s.name === name);
    if (first)
      errors.push(
        new ProfileRuleError(`分群名 ${name} 重复了（第 ${first.pos.line} 行已经有）。`, '改成别的名字。', src.posOf([...path, 'name'])),
      );
    if (errors.length > before) return;
    const { rule, errors: ruleErrors } = checkRule(src, [...path, 'when'], scope);
    errors.push(...ruleErrors);
    if (!rule) return;
    const description = typeof entry.description === 'string' ? entry.description : '';
    segments.push({ name, title: String(entry.title), description, when: rule, pos: src.posOf([...path, 'name']) });
  });
  return errors.length ? { errors } : { segments, errors };
}
