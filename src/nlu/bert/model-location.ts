/**
 * Where a BERT model comes from: a local folder (default models/kefu-intent-zh) or a hub id.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { KefuError } from '../../core/errors';

/** The model could not be found or is incomplete. */
export class ModelNotFoundError extends KefuError {
  constructor(message: string, hint: string) {
    super('NLU_MODEL_NOT_FOUND', message, hint);
  }
}

/** What the worker needs to load a model with transformers.js. */
export interface ModelLocation {
  /** Name passed to from_pretrained (folder name under localModelPath, or hub id). */
  name: string;
  /** Folder containing the model folder (transformers.js `env.localModelPath`). */
  localModelPath: string;
  /** Absolute model folder when local. */
  dir?: string;
  remote: boolean;
  /** Status of the model (contents of STATUS, e.g. `untrained-placeholder`), when present. */
  status?: string;
}

/**
 * Resolve a model path or hub id.
 *
 * @example
 * resolveModel('./models/kefu-intent-zh', false); // { name: 'kefu-intent-zh', localModelPath: '/…/models', … }
 */
export function resolveModel(model: string, allowRemoteModels: boolean, cwd = process.cwd()): ModelLocation {
  const dir = path.resolve(cwd, model);
  if (existsSync(dir)) {
    if (!existsSync(path.join(dir, 'config.json')) || !existsSync(path.join(dir, 'tokenizer.json'))) {
      throw new ModelNotFoundError(
        `The model folder ${dir} has no config.json or tokenizer.json.`,
        'point KEFU_MODEL at a folder in the transformers.js layout (config.json, tokenizer.json, onnx/model.onnx).',
      );
    }
    const statusFile = path.join(dir, 'STATUS');
    const status = existsSync(statusFile) ? readFileSync(statusFile, 'utf8').split('\n')[0].trim() : undefined;
    return { name: path.basename(dir), localModelPath: path.dirname(dir), dir, remote: false, status };
  }
  if (!allowRemoteModels) {
    throw new ModelNotFoundError(
      `The model '${model}' is not a local folder and downloading models is off.`,
      'set KEFU_MODEL to an existing model folder, or set KEFU_ALLOW_REMOTE_MODELS=true to fetch a hub id.',
    );
  }
  return { name: model, localModelPath: path.resolve(cwd, 'models'), remote: true };
}

/** True when the local model folder holds `onnx/<file>`. */
export function hasOnnxFile(location: ModelLocation, file: string): boolean {
  return location.dir !== undefined && existsSync(path.join(location.dir, 'onnx', file));
}
