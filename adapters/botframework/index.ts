export { BotFrameworkAdapter } from './botframework-adapter';
export type { BotFrameworkOptions, TranscriptLine } from './options';
export { CHANNEL as BOTFRAMEWORK_CHANNEL, HANDOFF_EVENT, POSTBACK_KEY, DEFAULT_PATH as BOTFRAMEWORK_PATH } from './constants';
export { BOTFRAMEWORK_OUTBOUND, suggestedAction } from './render-activities';
