import type { OutboundMessage } from '../core/message';
import type { CampaignChunkData, OutreachKind } from './job-types';
import type { OutreachQueues } from './queues';

/** A one-off campaign to a segment. */
export interface CampaignSpec {
  /** snake_case id; the chunk jobs are `campaign.<id>.<n>` so scheduling twice is a no-op. */
  id: string;
  /** User ids, streamed (arrays, generators, async generators, database cursors…). */
  segment: Iterable<string> | AsyncIterable<string>;
  /** When to send (ms since epoch). */
  at: number;
  /** A ready message, or a template text rendered per user (`{{ user.displayName }}`). */
  message: OutboundMessage | { text: string; quick_replies?: string[] };
  /** @defaultValue marketing */
  kind?: OutreachKind;
  /** Users per chunk job. @defaultValue 1000 */
  chunkSize?: number;
  /** Chunk jobs per addBulk round trip. @defaultValue 50 */
  chunksPerBulk?: number;
}

/** What scheduling did. */
export interface CampaignResult {
  users: number;
  chunks: number;
}

/**
 * Schedule a campaign without one Redis round trip per user: the segment is streamed into chunk jobs of
 * `chunkSize` user ids, added with `addBulk` `chunksPerBulk` at a time (memory stays at one bulk).
 * At due time a worker expands each chunk: policy and channel choice per user, one send job each.
 *
 * @example
 * await scheduleCampaign(queues, { id: 'double11', segment: userIds(), at: Date.parse('2026-11-11T10:00:00+08:00'), message: { type: 'text', text: '双11 …' } });
 */
export async function scheduleCampaign(queues: OutreachQueues, spec: CampaignSpec, now = Date.now()): Promise<CampaignResult> {
  const chunkSize = spec.chunkSize ?? 1000;
  const perBulk = spec.chunksPerBulk ?? 50;
  const action = 'type' in spec.message ? { message: spec.message } : { send: spec.message };
  const delay = Math.max(0, spec.at - now);
  let bulk: { name: string; data: CampaignChunkData; opts: { jobId: string; delay: number } }[] = [];
  let current: string[] = [];
  let users = 0;
  let chunks = 0;
  const flushChunk = (): void => {
    bulk.push({
      name: 'campaign-chunk',
      data: { campaignId: spec.id, userIds: current, kind: spec.kind ?? 'marketing', action },
      opts: { jobId: `campaign.${spec.id}.${chunks}`, delay },
    });
    chunks += 1;
    current = [];
  };
  for await (const userId of spec.segment) {
    current.push(userId);
    users += 1;
    if (current.length >= chunkSize) flushChunk();
    if (bulk.length >= perBulk) {
      await queues.due.addBulk(bulk);
      bulk = [];
    }
  }
  if (current.length > 0) flushChunk();
  if (bulk.length > 0) await queues.due.addBulk(bulk);
  return { users, chunks };
}
