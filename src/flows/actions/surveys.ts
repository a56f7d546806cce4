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
  /** What the shopper said about it (e.g. why a low rating), added with {@link SurveyResponses.comment}. */
  comment?: string;
}

/** The scores each kind accepts. */
export const SURVEY_RANGES: Record<SurveyKind, { min: number; max: number }> = { csat: { min: 1, max: 5 }, nps: { min: 0, max: 10 } };

/** At most this many characters of a comment are kept. */
export const SURVEY_COMMENT_MAX = 1000;

/** Where answers are kept (kefu: the database, TypeormSurveyResponses; tests and tools: {@link MemorySurveyResponses}). */
export interface SurveyResponses {
  add(response: SurveyResponse): Promise<void>;
  /**
   * Adds the shopper's comment (cut to {@link SURVEY_COMMENT_MAX}) to the latest answer of `kind` in `conversation`;
   * false when there is none.
   */
  comment(conversation: string, kind: SurveyKind, text: string): Promise<boolean>;
}

/**
 * In-memory {@link SurveyResponses}.
 *
 * @example
 * const surveys = new MemorySurveyResponses();
 * await surveys.add({ kind: 'csat', score: 2, userId: 'u1', channel: 'web', conversation: 'web:-:c1', at: Date.now() });
 * await surveys.comment('web:-:c1', 'csat', '回复太慢了');
 */
export class MemorySurveyResponses implements SurveyResponses {
  readonly responses: SurveyResponse[] = [];

  async add(response: SurveyResponse): Promise<void> {
    this.responses.push({ ...response });
  }

  async comment(conversation: string, kind: SurveyKind, text: string): Promise<boolean> {
    const response = this.responses.findLast((r) => r.conversation === conversation && r.kind === kind);
    if (!response) return false;
    response.comment = text.slice(0, SURVEY_COMMENT_MAX);
    return true;
  }
}
