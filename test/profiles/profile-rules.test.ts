import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileCondition } from '../../src/flows/conditions/compile';
import { ProfileRules } from '../../src/profiles/profile-rules';
import { parseSegments } from '../../src/profiles/segment-catalogue';
import { parseTagCatalogue } from '../../src/profiles/tag-catalogue';

const GOOD = `attributes:
  gender: 性别
groups:
  行为:
    - name: 高频浏览
      when: features.product_view_24h >= 20
      description: 看得多
  人口属性:
    - name: 女性
      when: user.gender == "女"
      description: 女
`;

describe('tag catalogue errors (Chinese, file:line:col)', () => {
  it('points at an unknown feature with the likely meant name', () => {
    const text = GOOD.replace('features.product_view_24h', 'features.produt_view_24h');
    const { catalogue, errors } = parseTagCatalogue('flows/profile-tags.yaml', text);
    expect(catalogue).toBeUndefined();
    expect(errors.map((e) => e.message)).toEqual([
      'flows/profile-tags.yaml:6:13: 不认识的变量 features.produt_view_24h。修改方法：用 docs/profiles.md 里列出的 features.* 名字（您是不是想写 product_view_24h？）。',
    ]);
  });

  it('reports a bad expression, an undeclared attribute, a duplicate name and an unknown key', () => {
    const text = `attributes:
  gender: 性别
groups:
  行为:
    - name: 高频浏览
      when: features.product_view_24h >=
      description: 看得多
    - name: 高频浏览
      when: user.gendr == "女"
      description: 女
    - name: 本地人
      when: user.city == "杭州"
      descripton: 杭州
`;
    const messages = parseTagCatalogue('flows/profile-tags.yaml', text).errors.map((e) => e.message);
    expect(messages).toEqual([
      'flows/profile-tags.yaml:6:41: 条件「features.product_view_24h >=」写得不对：第 29 个字符处条件没写完。修改方法：对照 docs/flow-authoring.md 第 5 节的条件写法修改（括号、引号要成对，比较用 ==、>=，“并且/或者”用 and / or）。',
      expect.stringMatching(
        /^flows\/profile-tags\.yaml:9:13: 顾客属性 gendr（user\.gendr）没有在 flows\/profile-tags\.yaml 的 attributes 里声明。修改方法：.*您是不是想写 gender？/,
      ),
      expect.stringMatching(/^flows\/profile-tags\.yaml:13:7: 未知字段 descripton，您是不是想写 description？/),
      expect.stringMatching(/^flows\/profile-tags\.yaml:11:7: 标签缺少 description/),
    ]);
    expect(messages.join('\n')).not.toContain('重复'); // the second 高频浏览 had an error of its own first
  });

  it('names duplicate tags with the first line, and YAML syntax errors in Chinese', () => {
    const dup = GOOD.replace('- name: 女性', '- name: 高频浏览');
    expect(parseTagCatalogue('t.yaml', dup).errors.map((e) => e.message)).toEqual([
      't.yaml:9:13: 标签名「高频浏览」重复了（第 5 行已经有）。修改方法：改成别的名字，或删掉其中一条。',
    ]);
    const broken = parseTagCatalogue('t.yaml', 'groups:\n  行为:\n    - name: "x\n').errors.map((e) => e.message);
    expect(broken[0]).toMatch(/^t\.yaml:4:1: YAML 格式错误：引号或括号没有成对.*修改方法：/);
    expect(broken[0]).not.toMatch(/Fix:/);
  });

  it('accepts a topic key below service.topic_sessions_90d, but no key below a plain service count', () => {
    const keyed = GOOD.replace('features.product_view_24h >= 20', 'service.topic_sessions_90d.logistics >= 2');
    expect(parseTagCatalogue('t.yaml', keyed).errors).toEqual([]);
    const plain = GOOD.replace('features.product_view_24h >= 20', 'service.handoffs_90d.logistics >= 2');
    expect(parseTagCatalogue('t.yaml', plain).errors.map((e) => e.message)).toEqual([
      't.yaml:6:13: service.handoffs_90d 下面没有 logistics。修改方法：去掉 .logistics。',
    ]);
  });

  it('segments may only name tags of the catalogue', () => {
    const catalogue = parseTagCatalogue('t.yaml', GOOD).catalogue!;
    const text = 'segments:\n  - name: browsers\n    title: 爱逛\n    when: profile.tags contains "高频浏揽" or "女性" in profile.tags\n';
    expect(parseSegments('s.yaml', text, catalogue).errors.map((e) => e.message)).toEqual([
      's.yaml:4:33: 标签「高频浏揽」不在 flows/profile-tags.yaml 里。修改方法：写成目录里有的标签（您是不是想写 高频浏览？），或先在目录里加上它。',
    ]);
  });

  it('reads keys in any script after a dot (features.category_views_30d.服饰)', () => {
    expect(compileCondition('features.category_views_30d.服饰 >= 10').test({ features: { category_views_30d: { 服饰: 12 } } })).toBe(true);
  });
});

describe('ProfileRules (hot reload, keep-last-good)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kefu-tags-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a broken file is reported and the last good catalogue keeps serving; fixing it swaps the new one in', async () => {
    writeFileSync(path.join(dir, 'profile-tags.yaml'), GOOD);
    const reported: string[] = [];
    const rules = await ProfileRules.start(dir, { debounceMs: 20, onError: (errs) => reported.push(...errs.map((e) => e.message)) });
    try {
      expect(rules.current().catalogue.tags.map((t) => t.name)).toEqual(['高频浏览', '女性']);
      writeFileSync(path.join(dir, 'profile-tags.yaml'), GOOD.replace('user.gender == "女"', 'user.gender = "女"'));
      await waitFor(() => reported.length > 0);
      expect(reported[0]).toMatch(/profile-tags\.yaml:10:25: 条件「user\.gender = "女"」写得不对/);
      expect(rules.current().catalogue.tags.map((t) => t.name)).toEqual(['高频浏览', '女性']);
      expect(rules.errors()).toHaveLength(1);
      writeFileSync(path.join(dir, 'profile-tags.yaml'), GOOD.replace('- name: 女性', '- name: 女顾客'));
      await waitFor(() => rules.current().catalogue.tags.some((t) => t.name === '女顾客'));
      expect(rules.errors()).toEqual([]);
    } finally {
      rules.stop();
    }
  });

  it('the shipped files load without errors', async () => {
    const rules = await ProfileRules.start(path.join(__dirname, '../../flows'), { watch: false });
    expect(rules.errors()).toEqual([]);
    expect(rules.current().segments.length).toBeGreaterThan(0);
    expect(readFileSync(path.join(__dirname, '../../flows/segments.yaml'), 'utf8')).toContain('segments:');
  });
});

async function waitFor(ok: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
