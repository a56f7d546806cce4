import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse } from 'yaml';
import { WebSocketServer } from 'ws';
import { checkReply } from '../../bench/dialogue-kit/expectation';
import { checkJourneys, loadJourneys, JourneyFormatError } from '../../bench/dialogue-kit/journey';
import { ShopperSocket } from '../../bench/dialogue-kit/shopper-socket';

const DIR = path.resolve(__dirname, '../../bench/dialogues');

describe('bench:dialogues journeys', () => {
  const journeys = loadJourneys(DIR);

  test('there are at least 36 journeys of 3-10 shopper turns, each turn with an expectation', () => {
    expect(journeys.length).toBeGreaterThanOrEqual(36);
    for (const j of journeys) {
      expect(j.turns.length).toBeGreaterThanOrEqual(3);
      expect(j.turns.length).toBeLessThanOrEqual(10);
      for (const t of j.turns) {
        expect([t.say, t.tap, t.event].filter((x) => x !== undefined)).toHaveLength(1);
        const e = t.expect;
        expect(Boolean(e.any?.length || e.all?.length || e.none?.length || e.handoff !== undefined || e.silent)).toBe(true);
      }
    }
  });

  test('every journey has its own id and shopper', () => {
    expect(new Set(journeys.map((j) => j.id)).size).toBe(journeys.length);
    expect(new Set(journeys.map((j) => j.user)).size).toBe(journeys.length);
  });

  test('the stages of the brief are covered (one file each, several journeys per file)', () => {
    const files = new Set(journeys.map((j) => j.file));
    expect(files.size).toBeGreaterThanOrEqual(8);
    const said = journeys.flatMap((j) => j.turns.map((t) => t.say ?? '')).join('\n');
    const missing = [
      'XL',
      '券',
      '快递',
      '地址',
      '取消',
      '退货',
      '发票',
      '差评',
      '转人工',
      '退订',
      '谢谢',
      '買',
      'ＸＬ',
      'kuaidi',
      '😡',
    ].filter((word) => !said.includes(word));
    expect(missing).toEqual([]);
  });
});

describe('the journey format check', () => {
  test('names every problem with file and journey', () => {
    const problems: string[] = [];
    const doc = parse(`
- id: too-short
  turns:
    - say: 你好
      expect: { any: [你好] }
- id: bad-turns
  turns:
    - say: 你好
      expect: { any: [你好] }
    - say: 在吗
    - tap: ''
      say: x
      expect: { anything: [x] }
`);
    checkJourneys(doc, 'bad.yaml', problems);
    expect(problems.join('\n')).toMatch(/bad\.yaml too-short: a journey has 3-10 turns \(found 1\)/);
    expect(problems.join('\n')).toMatch(/turn 2: 'expect' is missing/);
    expect(problems.join('\n')).toMatch(/turn 3: a turn has exactly one of say, tap or event/);
    expect(problems.join('\n')).toMatch(/turn 3: unknown expect key\(s\) anything/);
  });

  test('loadJourneys throws one JourneyFormatError naming the folder without journeys', () => {
    expect(() => loadJourneys(__dirname)).toThrow(JourneyFormatError);
    expect(() => loadJourneys(__dirname)).toThrow(/no journey files/);
  });
});

describe('checkReply', () => {
  const reply = (text: string, handoff = false) => ({ text, handoff });

  test('any / all / none compare ignoring case, spaces and full width', () => {
    expect(checkReply({ any: ['ＸＬ'] }, reply('加绒连帽卫衣 xl 黑色还有 39 件')).pass).toBe(true);
    expect(checkReply({ all: ['xl', ['有货', '还有']] }, reply('XL 暂时缺货')).pass).toBe(false);
    expect(checkReply({ any: ['不客气'], none: ['接着刚才'] }, reply('不客气～\n好的～我们接着刚才的继续：')).pass).toBe(false);
  });

  test('an empty reply fails unless silence is expected; handoff is checked', () => {
    expect(checkReply({ none: ['没明白'] }, reply(''))).toEqual({ pass: false, why: 'no reply' });
    expect(checkReply({ silent: true }, reply('')).pass).toBe(true);
    expect(checkReply({ handoff: true, any: ['人工'] }, reply('正在为您转接人工客服', false)).pass).toBe(false);
    expect(checkReply({ handoff: true, any: ['人工'] }, reply('正在为您转接人工客服', true)).pass).toBe(true);
  });
});

describe('ShopperSocket over a loopback ws server', () => {
  let wss: WebSocketServer;
  let url: string;
  beforeAll(async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`;
    wss.on('connection', (socket) => {
      socket.on('message', (data) => {
        const f = JSON.parse(data.toString()) as { type: string; userId?: string; text?: string; context?: { productId?: string } };
        const send = (frame: object): void => socket.send(JSON.stringify(frame));
        if (f.type === 'hello') return send({ type: 'welcome', userId: f.userId, conversationId: 'c_12345678', history: [] });
        send({ type: 'typing', on: true });
        setTimeout(() => {
          send({ type: 'reply', id: 'r1', message: { type: 'text', text: `收到：${f.text}${f.context?.productId ?? ''}` } });
          send({ type: 'reply', id: 'r2', message: { type: 'handoff', text: '正在为您转接人工客服' } });
          send({ type: 'typing', on: false });
          // a late message within the quiet time still belongs to the turn; one after it does not
          setTimeout(() => send({ type: 'reply', id: 'r3', message: { type: 'text', text: '晚一点' } }), 100);
          setTimeout(() => send({ type: 'reply', id: 'r4', message: { type: 'text', text: '太晚了' } }), 700);
        }, 50);
      });
    });
  });
  afterAll(() => new Promise<void>((r) => wss.close(() => r())));

  test('collects every reply of a turn until the socket is quiet, with the first-reply latency', async () => {
    const shopper = await ShopperSocket.open(url, 'bench-test-shopper');
    const got = await shopper.turn({ say: '这件有XL吗', product: 'P1001', expect: { any: ['x'] } }, { quietMs: 300, maxMs: 3000 });
    shopper.close();
    expect(got.text).toBe('收到：这件有XL吗P1001\n正在为您转接人工客服\n晚一点');
    expect(got.handoff).toBe(true);
    expect(got.latencyMs).toBeGreaterThanOrEqual(40);
    expect(got.errors).toEqual([]);
  });
});
