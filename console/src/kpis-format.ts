import type { KpiMessages } from './kpis-messages';

/** A 0–1 rate as a percentage with one decimal (`66.7%`), `—` without data. */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** A 0–1 rate as a chart value in % (one decimal), null without data (a gap in a line). */
export function percentValue(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}

/** Milliseconds as seconds for a chart (two decimals: a bot answers in tens of ms), null without data. */
export function secondsValue(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms / 10) / 100;
}

/** Milliseconds for a card: `850 ms` below a second, else `1.2 s` / `1.2 秒`. */
export function duration(ms: number | null, t: KpiMessages): string {
  if (ms === null) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} ${t.seconds}`;
}

/** An NPS score (−100…100) with its sign. */
export function npsText(score: number | null): string {
  return score === null ? '—' : `${score > 0 ? '+' : ''}${Math.round(score)}`;
}

/** A channel (adapter name) as shops call it. */
export function channelLabel(channel: string, t: KpiMessages): string {
  return t.channels[channel] ?? channel;
}

/** A suppression reason in words. */
export function reasonLabel(reason: string, t: KpiMessages): string {
  return t.reasons[reason] ?? reason;
}

/** `2025-11-20` → `11-20` for a date axis. */
export function shortDay(day: string): string {
  return day.slice(5);
}
