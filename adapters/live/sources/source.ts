import type { FastifyInstance } from 'fastify';
import type { LiveComment } from '../live-types';
import type { SourceStatus } from '../room-board';

/**
 * Where a room's comments come from (Bilibili danmaku, Douyin-style pushes, a generic socket). A source normalises
 * comments at the edge and never blocks on triage: `onComment` is synchronous.
 */
export interface LiveSource {
  /** Webhook routes (Douyin-style pushes); mounted before listen. */
  registerRoutes?(app: FastifyInstance): void;
  start(onComment: (comment: LiveComment) => void): Promise<void>;
  stop(): Promise<void>;
  status(): SourceStatus;
  /** A public comment into the room; absent when the platform offers no send path (answers stay on the board). */
  send?(text: string): Promise<void>;
}

/** A fresh status. */
export function initialStatus(): SourceStatus {
  return { state: 'starting', gaps: 0, duplicates: 0, rejected: 0 };
}
