import type { ConditionProblem } from '../conditions/tokenizer';
import type { ProactiveProblem } from './catalogue';

/** Chinese for the details that come from libraries (the YAML parser, V8's regex engine, zod, the condition parser). */

/** What a YAML parser error code means, and its fix. */
export function yamlCodeZh(code: string, detail: string): { message: string; fix: string } {
  switch (code) {
    case 'DUPLICATE_KEY':
      return { message: '同一层里有两个相同的字段名', fix: '删掉或改名其中一个（同一层的字段名不能重复）。' };
    case 'MISSING_CHAR':
      return { message: '引号或括号没有成对（少了结尾的那一个）', fix: '补上缺少的引号或括号，例如 "……" 两头都要有引号。' };
    case 'BAD_INDENT':
      return { message: '缩进没有对齐', fix: '同一层的行用相同数量的空格缩进（每层 2 个空格）。' };
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return {
        message: '字段名的写法不对（可能是冒号后面少了空格，或者上一行的缩进不对）',
        fix: '按“字段名: 值”来写，冒号后面留一个空格；文字里本身带冒号时，整段加上引号。',
      };
    case 'BAD_SCALAR_START':
      return { message: '这段文字以 YAML 的保留符号开头（如 @、`、%、|、>）', fix: '给这段文字加上引号，例如 say: "@所有人 ……"。' };
    case 'BLOCK_IN_FLOW':
      return { message: '方括号 [ ] 或花括号 { } 里面不能换行写成多行列表', fix: '写在同一行，如 [a, b]，或改成每行一个“- ”的列表。' };
    case 'UNEXPECTED_TOKEN':
      return { message: '这里出现了 YAML 看不懂的符号', fix: '检查这一行的缩进、冒号和列表的“- ”；以特殊符号开头的文字请加引号。' };
    default:
      return { message: `YAML 格式错误（${detail}）`, fix: '检查这一行的缩进、引号和冒号。' };
  }
}

const REGEX_DETAILS: [RegExp, string][] = [
  [/Unterminated group/, '左括号 ( 没有对应的右括号 )'],
  [/Unmatched '\)'/, '多了一个右括号 )'],
  [/Nothing to repeat/, '* + ? 前面没有可以重复的内容'],
  [/Unterminated character class/, '方括号 [ 没有闭合'],
  [/Lone quantifier brackets/, '花括号 { } 的用法不对'],
  [/numbers out of order/, '{m,n} 里前一个数比后一个数大'],
  [/\\ at end of pattern/, '末尾多了一个反斜杠 \\'],
  [/Range out of order/, '方括号里的范围写反了（例如 [z-a]）'],
  [/Invalid group/, '(? 后面的写法不对'],
];

/** A V8 regex error in Chinese (the original when unknown). */
export function regexDetailZh(detail: string): string {
  return REGEX_DETAILS.find(([re]) => re.test(detail))?.[1] ?? detail;
}

/** What a value should be, in Chinese (zod's `expected`). */
export function expectedZh(expected: string): string {
  const names: Record<string, string> = {
    string: '一段文字',
    number: '一个数字',
    boolean: 'true 或 false',
    array: '一个列表（每项一行，以“- ”开头）',
    object: '一组“字段: 值”',
  };
  return names[expected] ?? expected;
}

/** A condition syntax problem in Chinese, e.g. `缺少 )`. */
export function conditionZh(p: ConditionProblem): string {
  switch (p.kind) {
    case 'empty':
      return '条件是空的';
    case 'unexpected-char':
      return `出现了不认识的字符 ${p.char}`;
    case 'unterminated-string':
      return '引号没有闭合';
    case 'unexpected':
      return `不应该出现 ${p.token}`;
    case 'expected':
      return p.found === undefined ? `条件没写完，缺少 ${p.want}` : `应该是 ${p.want}，却写了 ${p.found}`;
    case 'ended-early':
      return '条件没写完';
    case 'name-after-dot':
      return '点号 . 后面缺少名字';
    case 'unknown-function':
      return `没有函数 ${p.name}（可用：${p.available.join('、')}）`;
    case 'arity':
      return `${p.name}() 需要 ${p.want} 个参数，写了 ${p.got} 个`;
  }
}

const PROACTIVE_RULES_ZH: Record<string, (path: string) => string> = {
  duration: (path) => `${path} 要写成时长，例如 30m、-24h 或 3d`,
  snake: (path) => `${path} 只能用小写字母、数字和下划线，例如 cart_abandoned`,
  template: () => 'send 里的模板写得不对（{{ }} 和 {% %} 要成对）',
  'delay-or-at': () => 'delay 和 at 只能写一个',
  'send-or-start': () => 'send 和 start 必须写一个，且只能写一个',
  'start-subscription': () => '用 start: 启动流程的触达不能作为订阅消息发出（订阅消息只带一段固定文字），请改用 send: 加 subscription:',
  'subscription-service': () => '只有 kind: service 才能用订阅消息（微信不允许在订阅消息里做营销）',
};

/** One problem of a `proactive:` entry in Chinese. */
export function proactiveProblemZh(p: ProactiveProblem): string {
  const rule = p.rule !== undefined ? PROACTIVE_RULES_ZH[p.rule] : undefined;
  if (rule) return rule(p.path);
  if (p.code === 'unrecognized_keys') return `${p.path === 'trigger' ? '' : `${p.path} 里`}有未知字段 ${(p.keys ?? []).join('、')}`;
  if (p.code === 'invalid_type' && /received undefined/.test(p.detail)) return `缺少 ${p.path}`;
  if (p.code === 'invalid_type') return `${p.path} 应该是${expectedZh(p.expected ?? '')}`;
  if (p.code === 'too_small') return `${p.path} 不能是空的`;
  return `${p.path} 的值不对（${p.detail}）`;
}
