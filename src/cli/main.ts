/**
 * The `kefu` command line: start, chat, flows check|graph|schema, nlu eval, queues, console add-user, features rebuild|show.
 */
import 'reflect-metadata';
import { Command } from 'commander';
import { KefuError } from '../core/errors';
import { registerChatCommand } from './chat-command';
import { registerConsoleCommands } from './console-command';
import { registerFeaturesCommands } from './features-command';
import { registerFlowsCommands } from './flows-command';
import { registerNluCommands } from './nlu-command';
import { registerQueuesCommands } from './queues-command';
import { registerStartCommand } from './start-command';

/** Build the program (exported for tests). */
export function createProgram(): Command {
  const program = new Command('kefu').description('kefu 客服: proactive customer service for Chinese e-commerce shops');
  registerStartCommand(program);
  registerChatCommand(program);
  registerFlowsCommands(program);
  registerNluCommands(program);
  registerQueuesCommands(program);
  registerConsoleCommands(program);
  registerFeaturesCommands(program);
  return program;
}

if (require.main === module || process.argv[1]?.endsWith('bin/kefu')) {
  createProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      // Errors kefu raises on purpose already say how to fix them: print the sentence, not a stack.
      process.stderr.write(`${error instanceof KefuError ? error.message : String((error as Error)?.stack ?? error)}\n`);
      process.exit(1);
    });
}
