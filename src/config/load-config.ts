import { ConfigError } from '../core/errors';
import { configSchema, ENV_KEYS, type KefuConfig } from './schema';

/**
 * Read configuration from environment variables (plus explicit overrides), validate it once,
 * and throw one {@link ConfigError} that lists every bad key.
 *
 * @example
 * const config = loadConfig(process.env, { role: 'worker' });
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<KefuConfig> = {}): KefuConfig {
  const input: Record<string, unknown> = {};
  for (const [envName, key] of Object.entries(ENV_KEYS)) {
    const value = env[envName];
    if (value !== undefined && value !== '') input[key] = value;
  }
  Object.assign(input, overrides);
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const envOf = Object.fromEntries(Object.entries(ENV_KEYS).map(([e, k]) => [k, e]));
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      const name = envOf[key] ?? key;
      return `${name}: ${issue.message}`;
    });
    throw new ConfigError(problems);
  }
  return parsed.data;
}
