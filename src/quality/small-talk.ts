/** Intents and flows that say nothing about what the shopper needs (a session's topic is never one of them). */
export const SMALL_TALK: ReadonlySet<string> = new Set([
  ...['none', 'greeting', 'thanks_goodbye', 'affirm', 'deny', 'out_of_scope'], // intents
  ...['welcome', 'new_customer', 'thanks', 'bot_identity'], // shipped flows
]);

/**
 * Flows that ask for a rating after the shopper's request was answered (settings `surveys.flow` and its follow-up):
 * a question of theirs left unanswered is not a request left half-way.
 */
export const SURVEY_FLOWS: ReadonlySet<string> = new Set(['satisfaction', 'satisfaction_feedback']);
