import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { createKefuCore } from '../app/create-kefu';
import { loadConfig } from '../config/load-config';
import { createLogger } from '../core/log';
import type { InboundMessage } from '../core/message';
import { TerminalChannel } from './terminal-channel';

/** The shopper `kefu chat` talks as without `--user`: always the same one, so its demo orders stay the same. */
export const DEFAULT_CHAT_USER = 'demo-shopper';

/**
 * `kefu chat [--user u1] [message]`: talk to the bot in the terminal, no server. With a message it
 * prints the bot's replies one per line and exits; without, it is an interactive chat (type /event
 * visit to send an event, /quit to leave). State lives in the configured Redis and database, so
 * consecutive `kefu chat --user u1 …` calls continue one conversation. With the demo shop
 * (`KEFU_COMMERCE=demo`) the shopper has the demo orders every new shopper gets (kept in the database:
 * a cancel sticks); without `--user` it is {@link DEFAULT_CHAT_USER}.
 */
export function registerChatCommand(program: Command): void {
  program
    .command('chat')
    .description('chat with the bot in the terminal (no server)')
    .option('--user <id>', 'shopper id on the terminal channel (the demo shop gives each shopper demo orders)', DEFAULT_CHAT_USER)
    .argument('[message...]', 'a message to send; omit for an interactive chat')
    .action(async (words: string[], opts: { user: string }) => {
      const config = loadConfig(process.env, { logLevel: (process.env.LOG_LEVEL as 'info' | undefined) ?? 'error' });
      const core = await createKefuCore(config, {
        watchFlows: false,
        logger: createLogger({ level: config.logLevel, name: 'kefu', destination: process.stderr }),
      });
      const channel = new TerminalChannel((line) => process.stdout.write(`${line}\n`));
      core.router.add(channel);
      await channel.start(async (m) => void (await core.bot.handle(m)));
      const ref = { channel: 'cli', conversationId: `cli-${opts.user}`, userId: opts.user };
      const say = async (text: string): Promise<void> => {
        const event = /^\/event\s+(\S+)/.exec(text);
        const message: InboundMessage = event
          ? { id: randomUUID(), ref, kind: 'event', event: { type: event[1]! }, receivedAt: Date.now() }
          : { id: randomUUID(), ref, kind: 'text', text, receivedAt: Date.now() };
        await channel.handler?.(message);
      };
      try {
        if (words.length > 0) {
          await say(words.join(' '));
          return;
        }
        const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
        process.stdout.write(`和 ${config.shopName} 的客服聊天（/event visit 发送进店事件，/quit 退出）\n`);
        for await (const line of rl) {
          if (line.trim() === '/quit') break;
          await say(line);
        }
        rl.close();
      } finally {
        await core.close();
      }
    });
}
