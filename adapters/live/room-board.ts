import type { LiveRoomConfig } from './rooms-file';
import type { LivePlatform, ShedReason } from './live-types';
import type { PublicAnswer } from './triage/answer-planner';
import { suggestedAnswer } from './triage/answer-planner';
import type { QuestionGroup } from './triage/question-groups';

/** How a source is doing, for the board and `status()`. */
export interface SourceStatus {
  state: 'starting' | 'online' | 'offline' | 'error';
  detail?: string;
  /** Pushes missing by their sequence numbers (Douyin-style webhooks). */
  gaps: number;
  /** Repeated pushes dropped by message id. */
  duplicates: number;
  /** Requests refused (bad signature, stale timestamp, bad body). */
  rejected: number;
}

/** One question group as the streamer board shows it. */
export interface BoardGroup {
  key: string;
  topic: string;
  title: string;
  product?: { id: string; title: string; link: number };
  count: number;
  askers: string[];
  suggested: string;
  answeredAt: number;
}

/** A public answer and where it went: into the room (`sent`), the board only (`board`), or `failed`. */
export type BoardAnswer = PublicAnswer & { delivered: 'sent' | 'board' | 'failed' };

/** What the streamer board shows of one room (JSON, `GET /console/api/live/rooms`). */
export interface LiveBoardSnapshot {
  room: string;
  title: string;
  platform: LivePlatform;
  at: number;
  classifier: 'model' | 'rules';
  source: SourceStatus;
  counts: {
    received: number;
    triaged: number;
    questions: number;
    /** Comments with buying intent (想买, 拍了 …). */
    buying: number;
    /** Buyers linked to a kefu user whose follow-up was scheduled. */
    followUps: number;
    /** Buyers kefu cannot reach privately (no linked identity): distinct viewers, and each comment of a masked one. */
    unlinkedBuyers: number;
    /** Buying comments of possibly linked viewers whose follow-up was not scheduled (too many look-ups at once, or one failed). */
    notFollowed: number;
    answers: number;
    queued: number;
  };
  shed: Record<ShedReason, number>;
  lagMs: { p50: number; p99: number };
  groups: BoardGroup[];
  answers: BoardAnswer[];
}

const LAG_SAMPLES = 4096;

/**
 * The counters and recent answers of one room, read as a {@link LiveBoardSnapshot}. Memory is bounded: a ring of
 * lag samples, the last 10 answers.
 */
export class RoomBoard {
  readonly counts = { received: 0, triaged: 0, questions: 0, buying: 0, followUps: 0, unlinkedBuyers: 0, notFollowed: 0, answers: 0 };
  readonly shed: Record<ShedReason, number> = { greeting: 0, emoji: 0, repeat: 0, overload_chatter: 0, overload_question: 0, stale: 0 };
  private readonly lags = new Float64Array(LAG_SAMPLES);
  private lagCount = 0;
  private readonly answers: BoardAnswer[] = [];

  constructor(private readonly room: LiveRoomConfig) {}

  /** Count one shed comment. */
  noteShed(reason: ShedReason): void {
    this.shed[reason] += 1;
  }

  /** Record one comment's comment-to-triage lag. */
  noteLag(ms: number): void {
    this.lags[this.lagCount++ % LAG_SAMPLES] = ms;
  }

  /** Keep a public answer for the board (the last 10). */
  noteAnswer(answer: BoardAnswer): void {
    this.counts.answers += 1;
    this.answers.unshift(answer);
    if (this.answers.length > 10) this.answers.pop();
  }

  /** Percentiles of the recent lag samples. */
  lag(): { p50: number; p99: number } {
    const n = Math.min(this.lagCount, LAG_SAMPLES);
    if (n === 0) return { p50: 0, p99: 0 };
    const sorted = Array.from(this.lags.subarray(0, n)).sort((a, b) => a - b);
    const at = (q: number): number => Math.round(sorted[Math.min(n - 1, Math.floor(q * n))]!);
    return { p50: at(0.5), p99: at(0.99) };
  }

  /** The board as JSON. */
  snapshot(parts: {
    groups: QuestionGroup[];
    source: SourceStatus;
    queued: number;
    classifier: 'model' | 'rules';
    now: number;
  }): LiveBoardSnapshot {
    return {
      room: this.room.id,
      title: this.room.title,
      platform: this.room.platform,
      at: parts.now,
      classifier: parts.classifier,
      source: parts.source,
      counts: { ...this.counts, queued: parts.queued },
      shed: { ...this.shed },
      lagMs: this.lag(),
      groups: parts.groups.map((g) => ({
        key: g.key,
        topic: g.topic.id,
        title: g.topic.title,
        product: g.product ? { id: g.product.id, title: g.product.title, link: g.product.link } : undefined,
        count: g.count,
        askers: g.askers.slice(-5).map((a) => a.name),
        suggested: suggestedAnswer(g),
        answeredAt: g.answeredAt,
      })),
      answers: [...this.answers],
    };
  }
}
