import { Redis } from 'ioredis';
import { createLogger } from '../../src/core/log';
import type { KefuEvent } from '../../src/events/event';
import { EventStreams } from '../../src/events/event-streams';
import { loadFlowBundle } from '../../src/flows/load-bundle';
import { compilePredictRules, type PredictRule } from '../../src/outreach/predict-rules';
import { FeatureConsumer } from '../../src/profiles/feature-consumer';
import { FeatureStore } from '../../src/profiles/feature-store';
import type { FeatureChange } from '../../src/profiles/features';
import { entryEvents } from '../../src/profiles/stream-events';
import { SHIPPED_FLOWS_DIR } from '../helpers/shipped-triggers';
import { deletePrefix, REDIS, testPrefix, until, user } from '../outreach/helpers';
import { predictHarness, shoppers, type PredictHarness } from '../outreach/predict-helpers';

const logger = createLogger({ level: 'silent', name: 'test' });
let rules: PredictRule[] = [];
let redis: Redis;
let prefix: string;
let streams: EventStreams;
let store: FeatureStore;
let h: PredictHarness | undefined;
let survivor: FeatureConsumer | undefined;

beforeAll(async () => {
  const { bundle, errors } = await loadFlowBundle(SHIPPED_FLOWS_DIR);
  if (!bundle) throw new Error(errors.map((e) => e.message).join('\n'));
  rules = compilePredictRules(bundle.flows.values()).filter((r) => r.id === 'size_help_after_repeat_views');
});
beforeEach(() => {
  redis = new Redis(REDIS);
  prefix = testPrefix();
  streams = new EventStreams({ redis, prefix, partitions: 2 });
  store = new FeatureStore({ redis, prefix });
});
afterEach(async () => {
  await survivor?.stop();
  survivor = undefined;
  await h?.cleanup();
  h = undefined;
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('a consumer killed between apply and XACK', () => {
  it('the consumer that claims its entries still tells the listeners: the prediction is scheduled exactly once', async () => {
    const [u] = shoppers('size_help_after_repeat_views', 0.1, 1);
    h = predictHarness(rules);
    h.users.add(user(u!));
    h.directory.add(u!, 'test');
    const scheduled: string[] = [];
    const cooldown: string[] = [];
    const told: FeatureChange[][] = [];
    const listener = {
      async onFeatures(changes: readonly FeatureChange[]) {
        told.push([...changes]);
        const r = await h!.listener.judge(changes);
        scheduled.push(...r.scheduled);
        cooldown.push(...r.cooldown);
      },
    };
    // three looks at the same coat: the third one makes size_help_after_repeat_views hold
    const now = Date.now();
    const views: KefuEvent[] = [0, 1, 2].map((i) => ({
      id: `view${i}`,
      type: 'product_view',
      userId: u!,
      at: now - (3 - i) * 1000,
      payload: { productId: 'coat' },
    }));
    const pipeline = redis.pipeline();
    for (const event of views) pipeline.xadd(streams.keyOf(event), '*', 'e', JSON.stringify(event));
    await pipeline.exec();

    // the dying consumer reads and applies the entries, then is killed before telling anyone and before XACK
    const key = streams.keyOf(views[0]!);
    await redis.xgroup('CREATE', key, 'features', '0', 'MKSTREAM');
    const taken = (await redis.xreadgroup('GROUP', 'features', 'dying', 'COUNT', 10, 'STREAMS', key, '>')) as [
      string,
      [string, string[]][],
    ][];
    const entries = taken.flatMap(([stream, list]) => list.flatMap(([id, fields]) => entryEvents(stream, id, fields)));
    expect(entries).toHaveLength(3);
    expect(await store.apply(entries.map((e) => e.event!))).toEqual([true, true, true]);
    expect((await store.features(u!)).top_product_views_10m).toBe(3);
    h.reader.map.set(u!, await store.features(u!)); // what the due-time check sees

    // the survivor claims them once idle (an entry at a time at first): all three are duplicates for the features,
    // but the listeners hear them (the first tell schedules, the next ones find the job id taken)
    survivor = new FeatureConsumer({ streams, store, logger, listener, blockMs: 20, claimIdleMs: 1000 });
    await survivor.start();
    await until(() => scheduled.length > 0, 10_000);
    await until(async () => ((await redis.xpending(key, 'features')) as [number])[0] === 0);
    expect((await store.features(u!)).top_product_views_10m).toBe(3); // nothing counted twice
    expect(told.flat().flatMap((c) => c.events.map((e) => e.id))).toEqual(['view0', 'view1', 'view2']);

    // the survivor too dies after telling and before XACK: the next claim tells again, and nothing is scheduled twice
    await survivor.consume(entries.map((e) => ({ ...e, redelivered: true })));
    await until(() => h!.started.length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(scheduled).toHaveLength(1);
    expect(cooldown.length).toBeGreaterThanOrEqual(1); // told again: the same job id, found taken
    expect(new Set(cooldown)).toEqual(new Set(scheduled));
    expect(h.started).toHaveLength(1);
    expect(h.started[0]).toMatchObject({ flowId: 'browse_help' });
  });
});
