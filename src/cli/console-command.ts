import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { loadConfig } from '../config/load-config';
import { BadInputError } from '../core/errors';
import { createDataSource, redactUrl } from '../store/data-source';
import { CONSOLE_ROLES, TypeormConsoleUsers } from '../store/console-user-store';

/** Environment variable a script may set instead of typing the password. */
export const PASSWORD_ENV = 'KEFU_CONSOLE_PASSWORD';

/**
 * Register `kefu console add-user <name> --role <admin|operator|marketing> [--replace]`: create a console account
 * (or, with --replace, set its role and password) in the database of DATABASE_URL. The password comes from
 * KEFU_CONSOLE_PASSWORD, else from standard input (first line) when it is not a terminal, else it is asked twice
 * without echo. kefu has no default password: the first admin is made this way.
 *
 * @example
 * registerConsoleCommands(program); // then: echo 'a long passphrase' | kefu console add-user boss --role admin
 */
export function registerConsoleCommands(program: Command): Command {
  const consoleCmd = program.command('console').description("manage the operators' console (accounts)");
  consoleCmd
    .command('add-user <name>')
    .description(`create a console account; password from ${PASSWORD_ENV}, standard input, or a prompt`)
    .requiredOption('--role <role>', `one of ${CONSOLE_ROLES.join(', ')}`)
    .option('--replace', 'set a new role and password when the account exists')
    .action(async (name: string, opts: { role: string; replace?: boolean }) => {
      const config = loadConfig(process.env);
      const password = await readPassword();
      const dataSource = await createDataSource(config.databaseUrl);
      try {
        const user = await new TypeormConsoleUsers(dataSource).add(name, opts.role, password, { replace: opts.replace });
        process.stdout.write(`console user ${user.name} (${user.role}) saved in ${redactUrl(config.databaseUrl)}; sign in at /console\n`);
      } finally {
        await dataSource.destroy();
      }
    });
  return consoleCmd;
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env[PASSWORD_ENV];
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) return firstLine();
  const first = await ask('密码 Password: ');
  const again = await ask('再输一次 Again: ');
  if (first !== again) throw new BadInputError('the two passwords differ.', 'run the command again and type the same password twice.');
  return first;
}

async function firstLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new BadInputError('no password given.', `set ${PASSWORD_ENV} or pipe the password on standard input.`);
}

/** Ask on the terminal without echoing what is typed. */
function ask(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    rl.question(prompt, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    out._writeToOutput = () => undefined; // keep the typed characters off the screen
  });
}
