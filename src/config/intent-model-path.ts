import type { KefuConfig } from './schema';

/** The shipped intent models, by `KEFU_NLU_MODEL`. */
export const SHIPPED_INTENT_MODELS = {
  teacher: './models/kefu-intent-teacher',
  student: './models/kefu-intent-student',
} as const;

/**
 * The model folder `KEFU_NLU=model` loads: `KEFU_MODEL` when set, else the shipped teacher or student
 * (`KEFU_NLU_MODEL`).
 *
 * @example
 * intentModelPath({ nluModel: 'student' }); // './models/kefu-intent-student'
 */
export function intentModelPath(config: Pick<KefuConfig, 'modelPath' | 'nluModel'>): string {
  return config.modelPath ?? SHIPPED_INTENT_MODELS[config.nluModel];
}
