/** `csat`: 满意度 1–5 at the end of a conversation; `nps`: 0–10 "would you recommend us" (净推荐值). */
export type SurveyKind = 'csat' | 'nps';

/** One answer to a satisfaction question. */
export interface SurveyResponse {
  kind: SurveyKind;
  /** 1–5 for csat, 0–10 for nps. */
  score: number;
  userId: string;
  /** The door (channel adapter name). */
  channel: string;
  /** The conversation key (`web:-:c-…`). */
  conversation: string;
  /** ms since epoch. */
  at: number;
}

/** The scores each kind accepts. */
export const SURVEY_RANGES: Record<SurveyKind, { min: number; max: number }> = { csat: { min: 1, max: 5 }, nps: { min: 0, max: 10 } };

/** Where answers are kept (kefu: the database, TypeormSurveyResponses; tests and tools: {@link MemorySurveyResponses}). */
export interface SurveyResponses {
  add(response: SurveyResponse): Promise<void>;
}

/**
 * In-memory {@link SurveyResponses}.
 *
 * @example
 * const surveys = new MemorySurveyResponses();
 * await surveys.add({ kind: 'csat', score: 5, userId: 'u1', channel: 'web', conversation: 'web:-:c1', at: Date.now() });
 */
export class MemorySurveyResponses implements SurveyResponses {
  readonly responses: SurveyResponse[] = [];

  async add(response: SurveyResponse): Promise<void> {
    this.responses.push({ ...response });
  }
}
