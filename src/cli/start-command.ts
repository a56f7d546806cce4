import type { Command } from 'commander';
import { loadConfig } from '../config/load-config';
import { startKefu } from '../main';

/** `kefu start [--role web|worker|all]`: run the bot (HTTP + channels) and/or the outreach workers. */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('start kefu (web chat at http://localhost:$PORT)')
    .option('--role <role>', 'web (HTTP + channels), worker (outreach jobs) or all', undefined)
    .option('--port <port>', 'HTTP port (overrides PORT)')
    .action(async (opts: { role?: string; port?: string }) => {
      const overrides: Record<string, unknown> = {};
      if (opts.role) overrides.role = opts.role;
      if (opts.port) overrides.port = opts.port;
      const config = loadConfig(process.env, overrides as never);
      const kefu = await startKefu(config);
      process.stdout.write(`kefu is running: ${kefu.url}  (demo shop with the chat widget; Ctrl+C stops)\n`);
      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        kefu.core.logger.info({ signal }, 'shutting down');
        kefu.close().then(
          () => process.exit(0),
          (err: unknown) => {
            kefu.core.logger.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
}
