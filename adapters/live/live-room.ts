import type { Logger } from '../../src/index';
import { BuyerFollowUps, type LiveFollowUpPort } from './buyer-follow-ups';
import type { LiveComment, ShedReason } from './live-types';
import { RoomBoard, type LiveBoardSnapshot, type SourceStatus } from './room-board';
import type { LiveRoomConfig } from './rooms-file';
import { AnswerPlanner, type PublicAnswer } from './triage/answer-planner';
import { looksLikeQuestion, productOf } from './triage/comment-features';
import { CommentQueue } from './triage/comment-queue';
import { Prefilter } from './triage/prefilter';
import { QuestionGroups } from './triage/question-groups';
import { TopicClassifier } from './triage/topic-classifier';
import type { Recognizer } from '../../src/index';

/** How triage runs: micro-batch size and period, queue bounds, answer pacing. */
export interface TriageSettings {
  /** Comments per model call. @defaultValue 64 */
  batchSize?: number;
  /** Period of the triage tick, ms. @defaultValue 50 */
  batchMs?: number;
  /** Batches classified at once (the model's worker threads). @defaultValue 2 */
  concurrency?: number;
  /** Most comments waiting (see CommentQueue). @defaultValue 20000 */
  capacity?: number;
  /** Comments waiting longer are shed as stale. @defaultValue 2000 */
  maxAgeMs?: number;
  /** Gather time before a group's answer (see AnswerPlanner). @defaultValue 1000 */
  gatherMs?: number;
  /** Sliding window of question groups, ms. @defaultValue 60000 */
  groupWindowMs?: number;
}

/** What a room needs besides its configuration. */
export interface LiveRoomDeps {
  recognizer?: Pick<Recognizer, 'recognize' | 'recognizeBatch'>;
  followUps?: LiveFollowUpPort;
  /** Deliver a public answer into the room; resolves 'board' when the room has no send path. */
  publish(answer: PublicAnswer): Promise<'sent' | 'board'>;
  source(): SourceStatus;
  logger: Logger;
  settings?: TriageSettings;
  /** Told (at most every 200 ms) that the board changed. */
  onChange?(): void;
  now?: () => number;
}

/**
 * One live room's triage: early drop → bounded queue → micro-batched classification → near-duplicate groups →
 * paced public answers and private follow-ups, with the board's counters.
 *
 * @example
 * const room = new LiveRoom(config, { recognizer, publish, source: () => src.status(), logger });
 * room.start();
 * src.start((c) => room.ingest(c));
 */
export class LiveRoom {
  readonly board: RoomBoard;
  readonly classifier: TopicClassifier;
  private readonly prefilter: Prefilter;
  private readonly queue: CommentQueue;
  private readonly groups: QuestionGroups;
  private readonly planner: AnswerPlanner;
  private readonly followUps: BuyerFollowUps;
  private readonly now: () => number;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private inFlight = 0;
  private timer?: NodeJS.Timeout;
  private pendingChange?: NodeJS.Timeout;
  private idle: (() => void)[] = [];

  constructor(
    readonly config: LiveRoomConfig,
    private readonly deps: LiveRoomDeps,
  ) {
    const s = deps.settings ?? {};
    this.now = deps.now ?? Date.now;
    this.batchSize = s.batchSize ?? 64;
    this.concurrency = s.concurrency ?? 2;
    this.board = new RoomBoard(config);
    this.prefilter = new Prefilter({ greetings: config.flow.greetings });
    this.queue = new CommentQueue({ capacity: s.capacity, maxAgeMs: s.maxAgeMs, onShed: (_c, why) => this.board.noteShed(why) });
    this.classifier = new TopicClassifier({ flow: config.flow, recognizer: deps.recognizer });
    this.groups = new QuestionGroups({ windowMs: s.groupWindowMs });
    this.planner = new AnswerPlanner({ flow: config.flow, gatherMs: s.gatherMs, maxChars: config.send?.maxChars });
    this.followUps = new BuyerFollowUps({
      platform: config.platform,
      port: deps.followUps,
      logger: deps.logger,
      onResult: (r) => {
        if (r === 'scheduled') this.board.counts.followUps += 1;
        if (r === 'unlinked') this.board.counts.unlinkedBuyers += 1;
        if (r === 'not_followed') this.board.counts.notFollowed += 1;
        this.changed();
      },
    });
  }

  /** Start the triage tick. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.deps.settings?.batchMs ?? 50);
    this.timer.unref();
  }

  /** Stop the tick (comments still queued are left). */
  stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.pendingChange);
    this.timer = undefined;
    this.pendingChange = undefined;
  }

  /** Take one comment from a source: early drop or queue (synchronous, never blocks the source). */
  ingest(comment: LiveComment): void {
    this.board.counts.received += 1;
    const dropped = this.prefilter.check(comment);
    if (dropped) return this.shed(dropped);
    this.queue.push(comment, looksLikeQuestion(comment.text));
    if (this.queue.size >= this.batchSize) this.pump();
  }

  /** Resolves when the queue is empty and no batch is being classified (tests, the bench). */
  drained(): Promise<void> {
    return new Promise((resolve) => {
      this.idle.push(resolve);
      this.pump();
    });
  }

  /** The board as JSON. */
  snapshot(): LiveBoardSnapshot {
    const now = this.now();
    this.groups.expire(now);
    return this.board.snapshot({
      groups: this.groups.top(10),
      source: this.deps.source(),
      queued: this.queue.size,
      classifier: this.classifier.usesModel ? 'model' : 'rules',
      now,
    });
  }

  private shed(reason: ShedReason): void {
    this.board.noteShed(reason);
  }

  private tick(): void {
    this.pump();
    this.answer();
  }

  private pump(): void {
    while (this.inFlight < this.concurrency && this.queue.size > 0) {
      const batch = this.queue.take(this.batchSize, this.now());
      if (batch.length === 0) break;
      this.inFlight += 1;
      this.classifier
        .classify(batch.map((c) => c.text))
        .then((guesses) => this.apply(batch, guesses))
        .catch((err: unknown) => {
          this.deps.logger.warn({ err, room: this.config.id, comments: batch.length }, 'live comments not classified; shed as stale');
          for (let i = 0; i < batch.length; i++) this.shed('stale');
        })
        .finally(() => {
          this.inFlight -= 1;
          this.pump();
        });
    }
    if (this.queue.size === 0 && this.inFlight === 0) this.idle.splice(0).forEach((resolve) => resolve());
  }

  private apply(batch: LiveComment[], guesses: Awaited<ReturnType<TopicClassifier['classify']>>): void {
    const now = this.now();
    batch.forEach((comment, i) => {
      const guess = guesses[i]!;
      this.board.noteLag(now - comment.receivedAt);
      this.board.counts.triaged += 1;
      if (guess.greeting) return this.shed('greeting');
      const product = guess.topic || guess.buying ? productOf(comment.text, this.config.products) : undefined;
      if (guess.topic) {
        this.board.counts.questions += 1;
        this.groups.add(guess.topic, product, { uid: comment.uid, name: comment.name, at: comment.receivedAt });
      }
      if (guess.buying) {
        this.board.counts.buying += 1;
        this.followUps.note(comment, product); // no product named: followed up without one, never about product 1
      }
    });
    this.answer();
    this.changed();
  }

  private answer(): void {
    const now = this.now();
    for (const answer of this.planner.plan(this.groups.top(20), now))
      void this.deps
        .publish(answer)
        .then((delivered) => this.board.noteAnswer({ ...answer, delivered }))
        .catch((err: unknown) => {
          this.deps.logger.warn({ err, room: this.config.id }, 'live answer not sent into the room; it stays on the board');
          this.board.noteAnswer({ ...answer, delivered: 'failed' });
        })
        .finally(() => this.changed());
  }

  /** Coalesce board changes into one notice per 200 ms (the trailing one is never lost). */
  private changed(): void {
    if (this.pendingChange || !this.deps.onChange) return;
    this.pendingChange = setTimeout(() => {
      this.pendingChange = undefined;
      this.deps.onChange?.();
    }, 200);
    this.pendingChange.unref();
  }
}
