import type { Catalogue, KindOwner, Where } from './catalogue';
import { whereZh } from './where-text';
import { experimentZh } from './experiment-texts';
import { conditionZh, expectedZh, proactiveProblemZh, regexDetailZh, yamlCodeZh } from './zh-details';

/** The place, with a space before the Chinese that follows when it ends in a key (`… 的 then 写成了`). */
const w = (where: Where): string => {
  const text = whereZh(where);
  return /[\w)]$/.test(text) ? `${text} ` : text;
};
const guess = (suggestion: string | undefined): string => (suggestion !== undefined ? `，您是不是想写 ${suggestion}？` : '。');
const change = (from: string, suggestion: string | undefined, fallback: string): string =>
  suggestion !== undefined ? `把 ${from} 改成 ${suggestion}。` : fallback;
const list = (items: readonly string[]): string => items.join('、');
const DOCS = 'docs/flow-authoring.md';
const OWNER: Record<KindOwner, string> = { step: '步骤', trigger: '触发条件', 'branch case': '分支条件' };
const KIND_NAMES: Record<string, string> = {
  say: '说一句话',
  ask: '提问',
  branch: '按条件分支',
  action: '调用动作',
  call: '调用另一个流程',
  goto: '转到另一个流程',
  end: '结束',
  variants: 'A/B 分流',
  intent: '意图',
  keywords: '关键词',
  regex: '正则表达式',
  event: '事件',
  if: '条件',
  else: '否则',
};
const CONDITION_FIX = '参考写法：slots.size == "XL" and user.isNew；可用的运算有 == != < <= > >= in、and/or/not、contains(a, b)、len(x)。';
const BACKTRACKING_FIX =
  '改写成不会让两段重复去抢同一个字符的写法：(a+)+ → a+，(\\w+\\s?)* → [\\w\\s]*，\\s*\\s* → \\s*，.*X.* → .{0,10}X.{0,10}。' +
  '消息里连续的空格会合并成一个，所以写 \\s* 的地方用 \\s? 就够了。';
const STEP_N = /^step-\d+$/;

/** 简体中文：`kefu flows check` 的全部提示（默认语言）。 */
export const ZH: Catalogue = {
  fixLabel: '修改方法：',
  problems: {
    'yaml-tab': ({ line, otherLines }) => ({
      message: `第 ${line} 行用了制表符(Tab)缩进，YAML 只能用空格缩进${otherLines.length ? `（第 ${list(otherLines.map(String))} 行也是）` : ''}。`,
      fix: '把行首的 Tab 换成空格（每层缩进 2 个空格）；编辑器里打开“显示空白字符”就能看到它。',
    }),
    'yaml-syntax': ({ code, detail }) => {
      const t = yamlCodeZh(code, detail);
      return { message: `YAML 格式错误：${t.message}。`, fix: t.fix };
    },
    'yaml-value': ({ detail }) => ({ message: `YAML 内容无法读取（${detail}）。`, fix: '检查这个文件的 YAML 写法（锚点 & 和引用 * 等）。' }),
    'file-not-mapping': ({ kind }) => ({
      message: '文件内容必须是“字段: 值”的形式。',
      fix: kind === 'intents' ? '第一行写 intents:。' : kind === 'settings' ? '每行写一个“字段: 值”。' : `第一行写 flow: <流程编号>，格式见 ${DOCS}。`,
    }),
    'dir-unreadable': ({ reason }) => ({ message: `读不到流程目录（${reason}）。`, fix: '检查路径是否正确（KEFU_FLOWS_DIR 或命令里的目录参数）。' }),
    'dir-no-flows': () => ({ message: '目录里没有流程文件。', fix: `新建一个流程文件，例如 greeting.yaml（写法见 ${DOCS}）。` }),
    'kind-missing': ({ where, owner, kinds }) => ({
      message: `${w(where)}没有写类型：每个${OWNER[owner]}必须有 ${kinds.join('/')} 其中之一。`,
      fix: `加上其中一个：${list(kinds.map((k) => `${k}（${KIND_NAMES[k] ?? k}）`))}。`,
    }),
    'kind-many': ({ where, owner, kinds, present }) => ({
      message: `${w(where)}同时写了 ${present.join(' 和 ')}，一个${OWNER[owner]}只能有 ${kinds.join('/')} 其中之一。`,
      fix: `拆成 ${present.length} 个${OWNER[owner]}。`,
    }),
    'unknown-key': ({ key, where, suggestion, allowed }) => ({
      message: suggestion !== undefined ? `未知字段 ${key}${guess(suggestion)}` : `${w(where)}里有未知字段 ${key}。`,
      fix: change(key, suggestion, `删掉它；这里可以写的字段有：${list(allowed)}。`),
    }),
    'missing-key': ({ key, where }) => ({ message: `${w(where)}缺少必填字段 ${key}。`, fix: `加上一行 ${key}: …。` }),
    'value-not-allowed': ({ where, value, suggestion, options }) => ({
      message: `${w(where)}不能写 ${value}${guess(suggestion)}`,
      fix: change(value, suggestion, `只能写这些之一：${list(options)}。`),
    }),
    'wrong-type': ({ where, expected, empty }) => ({
      message: empty ? `${w(where)}是空的，这里应该写${expectedZh(expected)}。` : `${w(where)}应该是${expectedZh(expected)}。`,
      fix: `改成${expectedZh(expected)}。`,
    }),
    'too-small': ({ where, origin, limit }) => ({
      message: origin === 'number' ? `${w(where)}太小了，最小是 ${limit}。` : `${w(where)}不能是空的。`,
      fix: origin === 'array' ? '至少写一项。' : origin === 'string' ? '在这里写上文字。' : `改成不小于 ${limit} 的数字。`,
    }),
    'too-big': ({ where, limit }) => ({ message: `${w(where)}太大了，最大是 ${limit}。`, fix: `改成不大于 ${limit} 的数字。` }),
    'not-snake-case': ({ where, value }) => ({
      message: `${w(where)}写成了 ${value}，编号只能用小写英文字母、数字和下划线，并以字母开头。`,
      fix: STEP_N.test(value)
        ? `给要跳到的那一步写上 id:（例如 id: ask_size），再在这里写这个 id；${value} 这样的默认编号不能被引用。`
        : '改成类似 new_customer 的写法。',
    }),
    'bad-value': ({ where, detail }) => ({ message: `${w(where)}的值不对（${detail}）。`, fix: `写法见 ${DOCS}。` }),
    'duplicate-intent': ({ name, firstLine }) => ({ message: `意图 ${name} 定义了两次（第一次在第 ${firstLine} 行）。`, fix: '删掉其中一个。' }),
    'duplicate-flow-id': ({ id, here, there }) => ({
      message: `流程编号 ${id} 重复了：${here} 和 ${there} 都用了它。`,
      fix: '给其中一个改名（流程编号在整个流程目录里不能重复）。',
    }),
    'duplicate-step-id': ({ id, flowId, firstLine }) => ({
      message: `流程 ${flowId} 里步骤编号 ${id} 重复了（第一次在第 ${firstLine} 行）。`,
      fix: `给其中一个改名，例如 ${id}_2。`,
    }),
    'unknown-step': ({ ref, flowId, suggestion, ids }) => ({
      message: `流程 ${flowId} 里没有步骤 ${ref}${guess(suggestion)}`,
      fix: change(ref, suggestion, `改成本流程里已有的步骤编号：${list(ids)}。`),
    }),
    'unknown-flow': ({ ref, kind, stepId, suggestion }) => ({
      message: `步骤 ${stepId} 的 ${kind} 指向的流程 ${ref} 不存在${guess(suggestion)}`,
      fix: change(ref, suggestion, `新建 flows/${ref.replace(/_/g, '-')}.yaml，或改成已有的流程编号。`),
    }),
    'unknown-handoff-flow': ({ ref, suggestion }) => ({
      message: `settings.yaml 的 handoff_flow 指向的流程 ${ref} 不存在${guess(suggestion)}`,
      fix: change(ref, suggestion, `新建 flows/${ref.replace(/_/g, '-')}.yaml，或改成已有的流程编号。`),
    }),
    'unknown-related-flow': ({ ref, flowId, suggestion }) => ({
      message: `流程 ${flowId} 的 related 里写的流程 ${ref} 不存在${guess(suggestion)}`,
      fix: change(ref, suggestion, '改成已有的流程编号，或者删掉这一项。'),
    }),
    'unknown-intent': ({ intent, flowId, suggestion, names }) => ({
      message: `流程 ${flowId} 的触发条件用了未知意图 ${intent}${guess(suggestion)}`,
      fix: change(intent, suggestion, `在 flows/intents.yaml 里加上 ${intent}，或改用已有的意图：${list(names) || '（还没有定义任何意图）'}。`),
    }),
    'unknown-action': ({ action, stepId, suggestion, names }) => ({
      message: `步骤 ${stepId} 调用了未知动作 ${action}${guess(suggestion)}`,
      fix: change(action, suggestion, `改用已有的动作：${list(names)}。`),
    }),
    'branch-no-else': ({ stepId }) => ({
      message: `分支 ${stepId} 没有 else（否则）这一项。`,
      fix: '在最后加一行 - else: <步骤编号>，让不满足任何条件的顾客也有去处。',
    }),
    'else-not-last': ({ stepId }) => ({ message: `分支 ${stepId} 里的 else 必须放在最后。`, fix: '把 - else: … 移到其他条件的下面。' }),
    'unreachable-step': ({ stepId, firstId }) => ({
      message: `步骤 ${stepId} 永远走不到：从第一步 ${firstId} 出发，没有路能到它。`,
      fix: `在某一步的 next/then/on_fail/on_error 里写上 ${stepId}，或者删掉这一步。`,
    }),
    'bad-regex': ({ flowId, detail }) => ({
      message: `流程 ${flowId} 的正则表达式写得不对：${regexDetailZh(detail)}。`,
      fix: '检查括号是否成对；要按字面匹配 ( ) [ ] ? 这些符号时，在前面加反斜杠 \\。',
    }),
    'regex-backtracking': ({ flowId, growth, example }) => ({
      message:
        `流程 ${flowId} 的正则表达式会“灾难性回溯”：遇到像 '${example}' 这样的消息，匹配时间` +
        `${growth === 'exponential' ? '每多一个字就翻一倍' : `随消息长度的 ${growth} 次方增长`}，一条长消息就能让机器人卡住。`,
      fix: BACKTRACKING_FIX,
    }),
    'bad-condition': ({ text, problem, col }) => ({
      message: `条件 ${text} 写得不对：第 ${col} 个字符处${conditionZh(problem)}。`,
      fix: CONDITION_FIX,
    }),
    'threshold-range': ({ flowId, value }) => ({
      message: `流程 ${flowId} 的阈值 ${value} 超出了范围。`,
      fix: `阈值要在 0 到 1 之间，例如 ${value > 1 && value <= 100 ? value / 100 : 0.6}。`,
    }),
    'settings-range': ({ key, value }) => ({ message: `settings.yaml 的 ${key} 是 ${value}，超出了范围。`, fix: '改成 0 到 1 之间的数字。' }),
    'service-hours': ({ key, kind, value }) => {
      const name = { days: '服务日（days）', open: '上班时间（open）', close: '下班时间（close）', timezone: '时区（timezone）' }[key];
      if (kind === 'same-time') return { message: `人工客服的上班和下班时间都是 ${value}。`, fix: "全天服务请写 open: '00:00'、close: '24:00'。" };
      if (key === 'days') return { message: `${name}写的“${value}”看不懂。`, fix: '写成 每天、周一至周日、周一至周五 或 周一、周三、周五 这样。' };
      if (key === 'timezone') return { message: `${name}“${value}”不是一个时区。`, fix: '写成 Asia/Shanghai 这样的时区名，或者删掉这一行（用店铺的时区）。' };
      return { message: `${name}“${value}”不是一个时间。`, fix: `写成带引号的“时:分”，例如 '${key === 'open' ? '09:00' : '22:00'}'${key === 'close' ? "（午夜写 '24:00'）" : ''}。` };
    },
    'unknown-variable': ({ name, suggestion, roots }) => ({
      message: `变量 ${name} 不存在${guess(suggestion)}`,
      fix: `变量要以这些开头：${list(roots)}。`,
    }),
    'unknown-slot': ({ name, slot, suggestion }) => ({
      message: `变量 ${name} 没有来源：没有哪个 ask 步骤收集 ${slot}${guess(suggestion)}`,
      fix: change(slot, suggestion, `加一个写了 slot: ${slot} 的 ask 步骤。`),
    }),
    'unknown-var': ({ name, varName, flowId, suggestion }) => ({
      message: `变量 ${name} 没有来源：流程 ${flowId} 里没有动作用 as: ${varName} 保存结果${guess(suggestion)}`,
      fix: change(varName, suggestion, `在产生它的 action 步骤上加 as: ${varName}。`),
    }),
    'bad-template': ({ detail }) => ({ message: `模板写得不对（${detail}）。`, fix: '检查 {{ … }} 是否成对；过滤器只能用 liquid 自带的。' }),
    'proactive-invalid': ({ id, problems }) => ({
      message: `主动触达${id ? ` ${id} ` : ''}写得不对：${problems.map(proactiveProblemZh).join('；')}。`,
      fix: '主动触达的写法见 docs/outreach.md。',
    }),
    'proactive-when-syntax': ({ id, problem, col }) => ({
      message: `主动触达 ${id} 的 when 条件写得不对：第 ${col} 个字符处${conditionZh(problem)}。`,
      fix: `按流程条件的写法来写（见 ${DOCS} 第 5 节），例如 when: user.tags contains "回头客" and event.payload.total >= 99。`,
    }),
    'proactive-when-reads': ({ id, paths }) => ({
      message: `主动触达 ${id} 的 when 读取了 ${list(paths)}，这里读不到。`,
      fix: 'when 只能读 event.…（事件和它的 payload）或 user.…（user.tags、user.attributes.…、user.isNew），例如 when: user.tags contains "回头客"。',
    }),
    'proactive-duplicate': ({ id, otherFlow }) => ({
      message: `主动触达编号 ${id} 重复了（流程 ${otherFlow} 里也有）。`,
      fix: '给每个主动触达起一个不重复的 id。',
    }),
    'proactive-unknown-start': ({ id, start, suggestion, flows }) => ({
      message: `主动触达 ${id} 要启动的流程 ${start} 不存在${guess(suggestion)}`,
      fix: change(start, suggestion, `改成已有的流程：${list(flows)}。`),
    }),
    'predict-duration': ({ id, key, value }) => ({
      message: `预判规则 ${id} 的 ${key} 写成了 ${value}，这不是一个时长。`,
      fix: `写成数字加单位：s 秒、m 分、h 小时、d 天、w 周，例如 ${key}: ${key === 'after' ? '2m' : '24h'}。`,
    }),
    'predict-condition': ({ id, key, problem, col }) => ({
      message: `预判规则 ${id} 的 ${key} 条件写得不对：第 ${col} 个字符处${conditionZh(problem)}。`,
      fix: `按流程条件的写法来写（见 ${DOCS} 第 5 节），例如 when: features.top_product_views_10m >= 3 and features.cart_add_10m == 0。`,
    }),
    'predict-reads': ({ id, key, paths }) => ({
      message: `预判规则 ${id} 的 ${key} 读取了 ${list(paths)}，这里读不到。`,
      fix:
        key === 'per'
          ? 'per 只能写一个 features.… 或 event.… 的值，例如 per: features.top_product_10m（同一件商品只提醒一次）。'
          : '预判条件只能读 features.…（行为特征，清单见 docs/outreach.md）、event.…（刚发生的事件）或 user.…（标签、资料），例如 features.cart_add_10m == 0。',
    }),
    'predict-unknown-start': ({ id, start, suggestion }) => ({
      message: `预判规则 ${id} 要启动的流程 ${start} 不存在${guess(suggestion)}`,
      fix: change(start, suggestion, `新建 flows/${start.replace(/_/g, '-')}.yaml，或改成已有的流程编号。`),
    }),
    'predict-duplicate': ({ id, otherFlow }) => ({
      message: `预判规则编号 ${id} 重复了（流程 ${otherFlow} 里也有同名的预判规则或主动触达）。`,
      fix: '给每条预判规则和主动触达起一个不重复的 id（报表和日志里按它区分）。',
    }),
    experiment: ({ problem }) => experimentZh(problem),
  },
  cli: {
    errorCount: (count, dir) => `✗ ${dir} 里有 ${count} 个错误`,
    ok: ({ dir, flows, steps, intents, proactive }) =>
      `✓ ${dir}：${flows} 个流程、${steps} 个步骤、${intents} 个意图${proactive > 0 ? `、${proactive} 个主动触达` : ''}，没有错误`,
    unknownGraphFlow: ({ flowId, suggestion, flows }) =>
      `没有流程 ${flowId}${guess(suggestion)}修改方法：${change(flowId, suggestion, `改用这些之一：${list(flows)}。`)}`,
  },
};
