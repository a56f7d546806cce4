import { existsSync } from 'node:fs';
import path from 'node:path';
import { intentModelPath, SHIPPED_INTENT_MODELS } from '../config/intent-model-path';
import type { KefuConfig } from '../config/schema';
import type { Logger } from '../core/log';
import type { Recognizer } from '../core/recognizer';
import { BertRecognizer } from '../nlu/bert';

/** The model live rooms classify with, and how to release it. */
export interface LiveRecognizer {
  /** undefined: the live flow's keywords alone (the rules fallback). */
  recognizer?: Recognizer;
  close(): Promise<void>;
}

/**
 * The fast student model for live rooms (`KEFU_LIVE_NLU=student`, the default): the core's recogniser when it already
 * is the student, else the student loaded in its own worker pool. With `KEFU_NLU=rules`, `KEFU_LIVE_NLU=rules`, or when
 * the student's folder is missing or fails to load, live rooms fall back to their flow's keywords (logged).
 *
 * @example
 * const live = await createLiveRecognizer(config, core.recognizer, logger);
 */
export async function createLiveRecognizer(config: KefuConfig, core: Recognizer, logger: Logger): Promise<LiveRecognizer> {
  const none = { close: async () => undefined };
  if (config.nlu === 'rules' || config.liveNlu === 'rules') {
    logger.info('live rooms classify with their flow keywords (KEFU_NLU or KEFU_LIVE_NLU is rules)');
    return none;
  }
  if (intentModelPath(config) === SHIPPED_INTENT_MODELS.student) return { recognizer: core, close: none.close };
  const model = SHIPPED_INTENT_MODELS.student;
  if (!existsSync(path.join(model, 'config.json'))) {
    logger.warn({ model }, 'student intent model not found; live rooms classify with their flow keywords');
    return none;
  }
  try {
    const recognizer = await BertRecognizer.load({
      model,
      intentsFile: path.join(config.flowsDir, 'intents.yaml'),
      dtype: config.nluDtype,
      timeZone: config.timezone,
    });
    logger.info({ model }, 'live rooms classify with the student model');
    return { recognizer, close: () => recognizer.close() };
  } catch (err) {
    logger.warn({ err, model }, 'student intent model did not load; live rooms classify with their flow keywords');
    return none;
  }
}
