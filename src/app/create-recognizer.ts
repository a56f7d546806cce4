import path from 'node:path';
import { intentModelPath } from '../config/intent-model-path';
import type { KefuConfig } from '../config/schema';
import type { Logger } from '../core/log';
import { BertRecognizer } from '../nlu/bert';
import type { Recognizer } from '../core/recognizer';
import { RulesRecognizer } from '../nlu/rules-recognizer';

/**
 * The recogniser configuration asks for: `rules` (entities; intents come from flow keywords/regex)
 * or `model` (the BERT classifier in worker threads, plus the few-shot head over flows/intents.yaml).
 */
export async function createRecognizer(config: KefuConfig, logger: Logger): Promise<Recognizer> {
  if (config.nlu === 'rules') return new RulesRecognizer({ timeZone: config.timezone });
  const started = Date.now();
  const model = intentModelPath(config);
  const recognizer = await BertRecognizer.load({
    model,
    allowRemoteModels: config.allowRemoteModels,
    intentsFile: path.join(config.flowsDir, 'intents.yaml'),
    dtype: config.nluDtype,
    timeZone: config.timezone,
  });
  const lexical = recognizer.info.lexicalHead;
  logger.info(
    {
      model,
      ms: Date.now() - started,
      dtype: recognizer.info.dtype,
      lexicalHead: lexical ? `on (classifier weight ${lexical.classifierWeight})` : 'off',
    },
    'intent model loaded',
  );
  return recognizer;
}

/** Refit the few-shot head after flows/intents.yaml changed (no-op for the rules recogniser). */
export async function reloadRecognizerIntents(recognizer: Recognizer, logger: Logger): Promise<void> {
  if (recognizer instanceof BertRecognizer) {
    const added = await recognizer.reloadIntents();
    logger.info({ fewShotIntents: added }, 'intent examples reloaded');
  }
}
