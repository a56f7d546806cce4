/** Counts of labelled session outcomes (docs/kpis.md, "Conversation quality"); they add up across days and channels. */
export interface OutcomeCounts {
  /** Sessions labelled with one of the four outcomes (ended sessions; `none` is not counted). */
  labelled: number;
  outcomeResolved: number;
  outcomeEscalated: number;
  outcomeAbandoned: number;
  outcomeUnresolved: number;
}

/** The conversation-quality figures of one slice: counts of each outcome and its share of the labelled sessions. */
export interface QualityFigures {
  labelled: number;
  resolved: number;
  escalated: number;
  abandoned: number;
  unresolved: number;
  /** Shares of `labelled` (0–1, 4 decimals); null while no session of the slice is labelled. */
  shares: { resolved: number | null; escalated: number | null; abandoned: number | null; unresolved: number | null };
}

/** No labelled sessions. */
export function emptyOutcomeCounts(): OutcomeCounts {
  return { labelled: 0, outcomeResolved: 0, outcomeEscalated: 0, outcomeAbandoned: 0, outcomeUnresolved: 0 };
}

/**
 * The quality figures of outcome counts.
 *
 * @example
 * qualityOf({ labelled: 4, outcomeResolved: 3, outcomeEscalated: 1, outcomeAbandoned: 0, outcomeUnresolved: 0 }).shares.resolved; // 0.75
 */
export function qualityOf(c: OutcomeCounts): QualityFigures {
  const share = (n: number): number | null => (c.labelled === 0 ? null : Math.round((n / c.labelled) * 10_000) / 10_000);
  return {
    labelled: c.labelled,
    resolved: c.outcomeResolved,
    escalated: c.outcomeEscalated,
    abandoned: c.outcomeAbandoned,
    unresolved: c.outcomeUnresolved,
    shares: {
      resolved: share(c.outcomeResolved),
      escalated: share(c.outcomeEscalated),
      abandoned: share(c.outcomeAbandoned),
      unresolved: share(c.outcomeUnresolved),
    },
  };
}
