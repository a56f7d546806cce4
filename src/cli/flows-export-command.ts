import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config/load-config';
import { KefuError } from '../core/errors';
import { createDataSource, redactUrl } from '../store/data-source';
import { TypeormFlowVersions } from '../store/flow-version-store';
import { writeFlowFolder } from '../studio/flow-set';

/**
 * `kefu flows export <dir> [--version N]`: writes the published flow version (or version N) from the database of
 * DATABASE_URL into `dir` (flow files, intents.yaml, settings.yaml, tests/), so a developer can commit what marketing
 * published in the studio. Returns the exported version's id.
 *
 * @example
 * await flowsExport('flows', 'sqlite:data/kefu.sqlite'); // 12
 */
export async function flowsExport(dir: string, databaseUrl: string, version?: number): Promise<number> {
  const dataSource = await createDataSource(databaseUrl);
  try {
    const store = new TypeormFlowVersions(dataSource);
    const found = version === undefined ? await store.published() : await store.get(version);
    if (!found)
      throw new KefuError(
        'NOT_FOUND',
        version === undefined
          ? `No published flow version in ${redactUrl(databaseUrl)}.`
          : `Flow version ${version} is not in ${redactUrl(databaseUrl)}.`,
        'start kefu once (it imports flows/ as the first version) or pick an id from the studio (工作室 → 版本).',
      );
    await writeFlowFolder(path.resolve(dir), found.files);
    return found.id;
  } finally {
    await dataSource.destroy();
  }
}

/** Registers `export <dir>` under `kefu flows`. */
export function registerFlowsExport(flows: Command): void {
  flows
    .command('export <dir>')
    .description('Write the published flow version (or --version N) from the database into <dir>, to commit it')
    .option('--version <id>', 'a version id from the studio instead of the published one')
    .action(async (dir: string, opts: { version?: string }) => {
      const config = loadConfig(process.env);
      const id = await flowsExport(dir, config.databaseUrl, opts.version === undefined ? undefined : Number(opts.version));
      process.stdout.write(`✓ wrote flow version #${id} to ${dir}\n`);
    });
}
