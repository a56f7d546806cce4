import { hash, verify } from '@node-rs/argon2';
import type { DataSource } from 'typeorm';
import { BadInputError } from '../core/errors';
import { ConsoleUserEntity } from './entities/console-user.entity';
import { isUniqueViolation, StoreRunner } from './store-runner';

/** The console roles: admin (everything), operator (tickets, inbox), marketing (KPIs, campaigns). */
export const CONSOLE_ROLES = ['admin', 'operator', 'marketing'] as const;

/** One of {@link CONSOLE_ROLES}. */
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** A console account as the rest of kefu sees it (never the hash). */
export interface ConsoleUser {
  id: number;
  name: string;
  role: ConsoleRole;
}

/** Shortest password {@link TypeormConsoleUsers.add} accepts. */
export const MIN_PASSWORD_LENGTH = 10;

const NAME_PATTERN = /^[\p{L}\p{N}._@-]{2,64}$/u;

/** Verified against when the name is unknown, so a wrong name costs as long as a wrong password. */
let decoyHash: Promise<string> | undefined;

/** Whether `role` is one of {@link CONSOLE_ROLES}. */
export function isConsoleRole(role: string): role is ConsoleRole {
  return (CONSOLE_ROLES as readonly string[]).includes(role);
}

/**
 * Console accounts in the database (table `kefu_console_user`), passwords hashed with argon2id.
 *
 * @example
 * const users = new TypeormConsoleUsers(dataSource);
 * await users.add('xiaomei', 'operator', 'a long passphrase');
 * await users.verify('xiaomei', 'a long passphrase'); // { id, name: 'xiaomei', role: 'operator' }
 */
export class TypeormConsoleUsers {
  private readonly runner: StoreRunner;

  constructor(store: DataSource | StoreRunner) {
    this.runner = store instanceof StoreRunner ? store : new StoreRunner(store);
  }

  /** Create an account, or set the role and password of an existing one when `replace` is true. */
  async add(name: string, role: string, password: string, options: { replace?: boolean } = {}): Promise<ConsoleUser> {
    checkAccount(name, role, password);
    const passwordHash = await hash(password);
    const now = new Date();
    try {
      const row = await this.runner.transaction(async (em) => {
        const existing = await em.findOne(ConsoleUserEntity, { where: { name } });
        if (existing && !options.replace)
          throw new BadInputError(`console user '${name}' exists already.`, `pass --replace to set a new role and password.`);
        const values = { name, role, passwordHash, updatedAt: now, createdAt: existing?.createdAt ?? now };
        return em.save(ConsoleUserEntity, existing ? { ...existing, ...values } : values);
      });
      return toUser(row);
    } catch (err) {
      if (isUniqueViolation(err))
        throw new BadInputError(`console user '${name}' was just created by someone else.`, `retry with --replace.`);
      throw err;
    }
  }

  /** The account when `password` is right, else undefined (same cost for an unknown name). */
  async verify(name: string, password: string): Promise<ConsoleUser | undefined> {
    const row = await this.runner.read((em) => em.findOne(ConsoleUserEntity, { where: { name } }));
    if (!row) {
      decoyHash ??= hash('kefu-console-decoy-password');
      await verify(await decoyHash, password).catch(() => false);
      return undefined;
    }
    const ok = await verify(row.passwordHash, password).catch(() => false);
    return ok ? toUser(row) : undefined;
  }

  /** The account with this id (sessions keep the id, so a changed role applies at once). */
  async byId(id: number): Promise<ConsoleUser | undefined> {
    const row = await this.runner.read((em) => em.findOne(ConsoleUserEntity, { where: { id } }));
    return row ? toUser(row) : undefined;
  }
}

function toUser(row: ConsoleUserEntity): ConsoleUser {
  return { id: row.id, name: row.name, role: row.role as ConsoleRole };
}

function checkAccount(name: string, role: string, password: string): void {
  if (!NAME_PATTERN.test(name))
    throw new BadInputError(`console user name '${name}' is not usable.`, `use 2–64 letters, digits, '.', '_', '-' or '@'.`);
  if (!isConsoleRole(role)) throw new BadInputError(`unknown console role '${role}'.`, `use one of ${CONSOLE_ROLES.join(', ')}.`);
  if ([...password].length < MIN_PASSWORD_LENGTH)
    throw new BadInputError(`the password is too short.`, `use at least ${MIN_PASSWORD_LENGTH} characters.`);
}
