import path from 'node:path';
import { LiveRoom, type LiveComment } from '../../../adapters/live';
import { createLiveRecognizer, type LiveRecognizer } from '../../../src/app/live-recognizer';
import { loadConfig } from '../../../src/config/load-config';
import { createLogger, type Recognizer } from '../../../src/index';
import { testRoom } from './live-rooms';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * A live room triaged by the real student model (models/kefu-intent-student), loaded as kefu loads it for live rooms
 * (createLiveRecognizer with the core on the teacher: the student in its own worker pool). Loading takes about 2 s.
 */
describe('a live room with the student model', () => {
  let live: LiveRecognizer;
  /** The size of every batch the model was asked to classify. */
  const batches: number[] = [];
  let recognizer: Pick<Recognizer, 'recognize' | 'recognizeBatch'>;
  const t = 1_000_000;
  let n = 0;
  const comment = (text: string): LiveComment => ({ room: 'model', uid: `v${++n}`, name: `观众${n}`, text, receivedAt: t });
  const room = (): LiveRoom =>
    new LiveRoom(testRoom({ id: 'model', platform: 'socket' }), {
      recognizer,
      publish: async () => 'board',
      source: () => ({ state: 'online', gaps: 0, duplicates: 0, rejected: 0 }),
      logger: createLogger({ level: 'silent' }),
      settings: { maxAgeMs: 60_000 },
      now: () => t,
    });

  beforeAll(async () => {
    const config = loadConfig({}, { flowsDir: path.join(ROOT, 'flows'), nlu: 'model', nluModel: 'teacher', liveNlu: 'student' });
    const unused = {} as Recognizer; // the core runs the teacher: live rooms load the student themselves
    live = await createLiveRecognizer(config, unused, createLogger({ level: 'silent' }));
    const model = live.recognizer!;
    expect(model).toBeDefined();
    recognizer = {
      recognize: (text) => model.recognize(text),
      recognizeBatch: async (texts) => {
        batches.push(texts.length);
        return model.recognizeBatch!(texts);
      },
    };
  }, 60_000);
  afterAll(async () => {
    await live?.close();
  });

  it('classifies real comments without keywords, and drops greetings the model recognises', async () => {
    const r = room();
    expect(r.snapshot().classifier).toBe('model');
    // none of these contains a keyword of flows/live/answers.yaml: the model decides
    for (const text of ['这件还能买到吗', '这个在哪里拍呀', '多久能收到啊', '能便宜点吗', '主播辛苦啦', '谢谢主播', '主播拜拜'])
      r.ingest(comment(text));
    await r.drained();
    const board = r.snapshot();
    expect(board.groups.map((g) => g.key).sort()).toEqual(['in_stock', 'price', 'ship_time', 'which_link']);
    expect(board.counts).toMatchObject({ triaged: 7, questions: 4 });
    expect(board.shed.greeting).toBe(3); // thanks_goodbye by the model; not in the flow's greeting words
  });

  it('classifies in micro-batches of at most 64 and asks the model once per distinct text', async () => {
    const r = room();
    batches.length = 0;
    const texts = Array.from({ length: 150 }, (_, i) => `${i + 1}号链接${['还能买到吗', '多久能收到啊', '能便宜点吗'][i % 3]}`);
    const distinct = 150;
    for (const text of texts) r.ingest(comment(text));
    for (const text of texts.slice(0, 100)) r.ingest(comment(text)); // the room says it again
    await r.drained();
    expect(r.snapshot().counts.triaged).toBe(250);
    expect(r.classifier.stats).toMatchObject({ modelTexts: distinct, cacheHits: 250 - distinct });
    // 64 + 64 new texts, then 22 new ones with 42 repeats; the last batch is all repeats (two batches run at once:
    // a text the other batch is classifying is awaited, not sent again)
    expect(batches).toEqual([64, 64, 22]);
    expect(r.classifier.stats.modelCalls).toBe(3);
  });
});
