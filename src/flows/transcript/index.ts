export type { DriverTurn, ReplyExpectation, TranscriptDriver, TranscriptInput, TranscriptSetup, TranscriptTest, TranscriptTurn, TranscriptUser } from './types';
export { parseTranscript, transcriptSchema } from './parse';
export { runTranscript, checkTurn, type TranscriptResult } from './run';
export { loadTranscripts } from './load';
export { createEngineDriver, type EngineDriverOptions } from './engine-driver';
