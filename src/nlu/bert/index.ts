/**
 * The BERT recogniser and its parts.
 */
export { BertRecognizer, type BertRecognizerOptions, type BertModelInfo, type LexicalHeadInfo } from './bert-recognizer';
export { combineScores, type HeadScores } from './score-combiner';
export { loadIntentsFile, parseIntents, type IntentExamples, IntentsFileError } from './intents-file';
export { MicroBatcher, type BatchStats, type MicroBatcherOptions } from './micro-batcher';
export { resolveModel, ModelNotFoundError, type ModelLocation } from './model-location';
export { InferenceError } from './worker-pool';
