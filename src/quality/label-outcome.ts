import type { LabelledOutcome, QualityEvent, ShopperCue } from './outcome';
import { readShopperCues } from './shopper-cues';
import { SMALL_TALK, SURVEY_FLOWS } from './small-talk';

/** Tuning of {@link labelOutcome}. */
export interface LabelOptions {
  /** A reply whose recognition score is below this was unsure (an unhelpful reply, like a fallback). @defaultValue 0.7 */
  unsureBelow?: number;
  /** Flows and intents that are small talk, not the shopper's need. @defaultValue {@link SMALL_TALK} and {@link SURVEY_FLOWS} */
  smallTalk?: ReadonlySet<string>;
}

type Bot = Extract<QualityEvent, { kind: 'bot' }>;
type Shopper = Extract<QualityEvent, { kind: 'shopper' }>;

interface Indexed<E> {
  at: number;
  event: E;
}

const DEFAULT_SMALL_TALK = new Set([...SMALL_TALK, ...SURVEY_FLOWS]);

/**
 * Labels a finished service session (docs/kpis.md, "Conversation quality"), first rule that applies:
 *
 * 1. **escalated** (转人工): a handoff or a ticket (留言/工单).
 * 2. **unresolved** (未解决): the shopper's last words after an answer are negative feedback (没用, 算了, 答非所问…); the
 *    shopper corrected an answer or the bot repeated itself and was not thanked at the end; or two or more unhelpful
 *    replies (fallbacks, scores below `unsureBelow`) with no confident finished flow after the last one.
 * 3. **abandoned** (放弃): the shopper went silent while the bot waited for an answer, or right after an unhelpful
 *    reply; or only small talk happened and the shopper never said what they needed.
 * 4. **resolved** (已解决): a flow that is not small talk reached its end (or small talk the shopper thanked for).
 * 5. otherwise **unresolved**: no reply at all, or replies that neither finished nor asked.
 *
 * @example
 * labelOutcome([{ kind: 'shopper', text: '快递到哪了' }, { kind: 'bot', flow: 'logistics', flowDone: true }, { kind: 'shopper', text: '谢谢' }]);
 * // { outcome: 'resolved', signals: ['flow_done:logistics', 'thanks'] }
 */
export function labelOutcome(events: readonly QualityEvent[], options: LabelOptions = {}): LabelledOutcome {
  const unsureBelow = options.unsureBelow ?? 0.7;
  const smallTalk = options.smallTalk ?? DEFAULT_SMALL_TALK;
  const escalation = escalationSignals(events);
  if (escalation.length > 0) return { outcome: 'escalated', signals: escalation };

  const bots = indexed<Bot>(events, 'bot');
  const lastBot = bots.at(-1);
  const feedback = lastBot ? lastFeedback(events, bots[0]!.at) : undefined;
  const said = feedback ? cuesOf(feedback.event) : { cues: [] as ShopperCue[], words: [] as string[] };
  const positive = [...(said.cues.includes('thanks') ? ['thanks'] : []), ...(said.cues.includes('ack') ? ['ack'] : [])];
  if (said.cues.includes('negative')) return { outcome: 'unresolved', signals: [`negative:${said.words[0]}`] };
  if (!lastBot) return { outcome: 'unresolved', signals: ['no_reply'] };

  const loop = repeatedAnswer(events, bots);
  if (loop && !said.cues.includes('thanks')) return { outcome: 'unresolved', signals: [loop] };
  const unsure = (b: Bot): boolean => b.fallback === true || (b.score !== undefined && b.score < unsureBelow);
  const unhelpful = bots.filter((b) => unsure(b.event));
  const lastUnhelpful = unhelpful.at(-1);
  const recovered = lastUnhelpful && bots.some((b) => b.at > lastUnhelpful.at && b.event.flowDone && !unsure(b.event));
  if (unhelpful.length >= 2 && !recovered) return { outcome: 'unresolved', signals: unhelpfulSignals(unhelpful.map((b) => b.event)) };

  const quiet = !events.slice(lastBot.at + 1).some((e) => e.kind === 'shopper' || e.kind === 'order');
  const waitingIn = lastBot.event.askFlow ?? lastBot.event.flow ?? 'question';
  if (quiet && lastBot.event.asks && !smallTalk.has(waitingIn)) return { outcome: 'abandoned', signals: [`waiting:${waitingIn}`] };
  if (quiet && unsure(lastBot.event)) return { outcome: 'abandoned', signals: [silentAfter(lastBot.event)] };

  const extras = [...positive, ...outcomeExtras(events)];
  const topicOf = (b: Bot): string => b.flow ?? b.intent ?? 'answer';
  const done = bots.filter((b) => b.event.flowDone && !smallTalk.has(topicOf(b.event)));
  if (done.length > 0) return { outcome: 'resolved', signals: [`flow_done:${topicOf(done.at(-1)!.event)}`, ...extras] };
  const chatted = bots.some((b) => b.event.flowDone);
  if (chatted && said.cues.includes('thanks')) return { outcome: 'resolved', signals: ['small_talk', ...extras] };
  if (chatted) return { outcome: 'abandoned', signals: ['small_talk_only'] };
  return { outcome: 'unresolved', signals: ['not_done', ...extras] };
}

function escalationSignals(events: readonly QualityEvent[]): string[] {
  const signals = new Set<string>();
  for (const e of events) {
    if (e.kind === 'handoff') signals.add(e.reason ? `handoff:${e.reason}` : 'handoff');
    if (e.kind === 'ticket') signals.add('ticket');
  }
  return [...signals];
}

function indexed<E extends QualityEvent>(events: readonly QualityEvent[], kind: E['kind']): Indexed<E>[] {
  return events.flatMap((event, at) => (event.kind === kind ? [{ at, event: event as E }] : []));
}

/** The shopper's last message after the bot's first reply: what they thought of the answers. */
function lastFeedback(events: readonly QualityEvent[], firstBot: number): Indexed<Shopper> | undefined {
  return indexed<Shopper>(events, 'shopper')
    .filter((s) => s.at > firstBot)
    .at(-1);
}

function cuesOf(event: Shopper): { cues: ShopperCue[]; words: string[] } {
  if (event.cues) return { cues: event.cues, words: event.words ?? [] };
  return readShopperCues(event.text ?? '');
}

/**
 * The shopper corrected an answer ("我不是问这个") after which the bot answered from the same flow again, or the bot
 * gave the very same reply twice to two messages: `repeated:<flow>`.
 */
function repeatedAnswer(events: readonly QualityEvent[], bots: Indexed<Bot>[]): string | undefined {
  for (let i = 1; i < bots.length; i++) {
    const earlier = bots[i - 1]!;
    const later = bots[i]!;
    const between = events.slice(earlier.at + 1, later.at).filter((e): e is Shopper => e.kind === 'shopper');
    if (between.length === 0) continue;
    const same = earlier.event.reply !== undefined && earlier.event.reply === later.event.reply;
    const corrected = between.some((s) => cuesOf(s).cues.includes('correction')) && earlier.event.flow === later.event.flow;
    if (same || corrected) return `repeated:${later.event.flow ?? later.event.intent ?? 'answer'}`;
  }
  return undefined;
}

function unhelpfulSignals(unhelpful: Bot[]): string[] {
  const fallbacks = unhelpful.filter((b) => b.fallback).length;
  const low = unhelpful.length - fallbacks;
  return [...(fallbacks > 0 ? [`fallbacks:${fallbacks}`] : []), ...(low > 0 ? [`low_confidence:${low}`] : [])];
}

function silentAfter(bot: Bot): string {
  return bot.fallback ? 'silent_after_fallback' : `silent_after_unsure:${bot.score}`;
}

function outcomeExtras(events: readonly QualityEvent[]): string[] {
  const extras: string[] = [];
  if (events.some((e) => e.kind === 'order')) extras.push('order');
  const rating = events.findLast((e): e is Extract<QualityEvent, { kind: 'rating' }> => e.kind === 'rating');
  if (rating) extras.push(`rating:${rating.score}`);
  return extras;
}
