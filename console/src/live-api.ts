import { call } from './api';

/** One question group on the board. */
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

/** One room's board as GET /console/api/live/rooms and the `board` events carry it. */
export interface LiveBoard {
  room: string;
  title: string;
  platform: string;
  at: number;
  classifier: 'model' | 'rules';
  source: { state: string; detail?: string; gaps: number; duplicates: number; rejected: number };
  counts: {
    received: number;
    triaged: number;
    questions: number;
    buying: number;
    followUps: number;
    unlinkedBuyers: number;
    /** Buying comments whose follow-up could not be scheduled (too many at once, or a failure). */
    notFollowed: number;
    answers: number;
    queued: number;
  };
  shed: Record<string, number>;
  lagMs: { p50: number; p99: number };
  groups: BoardGroup[];
  answers: { groupKey: string; text: string; at: number; delivered: 'sent' | 'board' | 'failed' }[];
}

/** Every room's board. */
export async function fetchLiveBoards(): Promise<LiveBoard[]> {
  return (await call<{ rooms: LiveBoard[] }>('GET', 'live/rooms')).rooms;
}
