import type { ActionHandler } from '../engine-types';
import { optString } from './args';
import type { ServiceRecords } from './service-records';

/**
 * `complaint.record { text, orderId? }`: records a complaint for the shop's staff and tags the
 * shopper `complained`. Result: `{ ref, summary }`.
 */
export function complaintRecord(records: ServiceRecords): ActionHandler {
  return async (args, ctx) => {
    const text = (optString(args, 'text') ?? '（顾客未说明）').slice(0, 1000);
    const data: Record<string, string> = { text };
    const orderId = optString(args, 'orderId');
    if (orderId) data.orderId = orderId;
    const record = await records.add('complaint', ctx.user.id, data, ctx.now);
    if (!ctx.user.tags.includes('complained')) ctx.updateUser({ tags: [...ctx.user.tags, 'complained'] });
    return { ref: record.ref, summary: `已经为您登记（工单号 ${record.ref}），专员会在 24 小时内联系您处理` };
  };
}
