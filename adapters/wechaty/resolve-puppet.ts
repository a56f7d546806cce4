import { ConfigError } from '../../src/index';
import type { PuppetInstance } from './options';

type PuppetClass = new (options?: Record<string, unknown>) => PuppetInstance;

/** Whether `err` says that module `name` itself (not one of its dependencies) is not installed. */
function isMissing(err: unknown, name: string): boolean {
  // Not `instanceof Error`: loaders (jest, tsx) may throw errors of another realm.
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  return (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') && String(message).includes(`'${name}'`);
}

/** The puppet class a package exports as (possibly nested CommonJS/ESM) `default`, as wechaty's own resolver does. */
function defaultExport(module: unknown): PuppetClass | undefined {
  let candidate = module;
  for (let depth = 0; depth < 4 && typeof candidate !== 'function'; depth += 1) {
    candidate = (candidate as { default?: unknown } | null)?.default;
  }
  return typeof candidate === 'function' ? (candidate as PuppetClass) : undefined;
}

/**
 * The puppet to run: the instance as given, or a new instance of the puppet package `puppet` names.
 * Like wechaty-puppet's resolvePuppet, but it never logs `puppetOptions` (they hold tokens).
 *
 * @example
 * const puppet = await resolvePuppet('wechaty-puppet-service', { token });
 */
export async function resolvePuppet(puppet: PuppetInstance | string, puppetOptions: Record<string, unknown>): Promise<PuppetInstance> {
  if (typeof puppet !== 'string') return puppet;
  if (!/^(@[\w.-]+\/)?wechaty-puppet-[\w.-]+$/.test(puppet)) {
    throw new ConfigError([`wechaty puppet '${puppet}' is not a puppet package name (expected e.g. wechaty-puppet-wechat4u).`]);
  }
  let module: unknown;
  try {
    module = await import(puppet);
  } catch (err) {
    if (isMissing(err, puppet)) {
      throw new ConfigError([`wechaty puppet '${puppet}' is not installed: run \`npm install ${puppet}\` in the kefu folder.`]);
    }
    throw err;
  }
  const Puppet = defaultExport(module);
  if (!Puppet) throw new ConfigError([`package '${puppet}' has no default export: it is not a wechaty puppet.`]);
  return new Puppet(puppetOptions);
}
