import { DemoCommerce } from '../../src/commerce/demo-store';
import { followCommerceEvents } from '../../src/events/commerce-feed';
import { ingestEvents } from '../../src/events/ingest';
import { outreachJobId } from '../../src/outreach/job-types';
import { loadShippedTriggers } from '../helpers/shipped-triggers';
import { harness, until, type Harness } from '../outreach/helpers';

const DAY = 86_400_000;

describe('coupon expiry reminders from coupons the shop issues', () => {
  let h: Harness;
  beforeEach(async () => {
    h = harness(await loadShippedTriggers());
  });
  afterEach(() => h.cleanup());

  it('a coupon the demo shop issues schedules coupon_expiring 24 h before it expires', async () => {
    const commerce = new DemoCommerce();
    const feed = followCommerceEvents(commerce, { redis: h.redis, prefix: h.prefix, handler: h.outreach.scheduler }, { intervalMs: 20 });
    try {
      const coupon = await commerce.issueCoupon('u-expiry', 'NEW_USER_20');
      const jobId = outreachJobId('coupon_expiring', [coupon.code]);
      await until(async () => (await h.outreach.queues.due.getJob(jobId)) !== undefined, 5000);
      const job = await h.outreach.queues.due.getJob(jobId);
      expect(job?.data.userId).toBe('u-expiry');
      const dueAt = job!.timestamp + job!.opts.delay!;
      expect(Math.abs(dueAt - (Date.parse(coupon.expiresAt) - DAY))).toBeLessThan(60_000);
    } finally {
      await feed.stop();
    }
  });

  it('rejects an event lacking a field its triggers read, naming the field and the fix', async () => {
    const expiresAt = new Date(Date.now() + 3 * DAY).toISOString();
    const result = await ingestEvents({ redis: h.redis, prefix: h.prefix, handler: h.outreach.scheduler }, [
      { id: 'e-wrong-key', type: 'coupon_issued', userId: 'u1', payload: { code: 'K1', title: '新人券', expiresAt } },
      { id: 'e-right-key', type: 'coupon_issued', userId: 'u1', payload: { couponCode: 'K2', title: '新人券', expiresAt } },
      { id: 'e-unwatched', type: 'page_view', userId: 'u1', payload: {} }, // no trigger listens: nothing to check
    ]);
    expect(result.accepted.map((a) => a.id)).toEqual(['e-right-key', 'e-unwatched']);
    expect(result.rejected).toHaveLength(1);
    const reason = result.rejected[0]!.reason;
    expect(reason).toMatch(/coupon_issued event e-wrong-key lacks payload\.couponCode/);
    expect(reason).toMatch(/trigger coupon_expiring in flow coupon/);
    expect(reason).toMatch(/Fix: send payload\.code as payload\.couponCode/);
    expect(result.rejected[0]!.retryable).toBeUndefined();
    expect(await h.outreach.queues.due.getJob(outreachJobId('coupon_expiring', ['K2']))).toBeDefined();
  });
});
