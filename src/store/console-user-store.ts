import { hash, verify } from '@node-rs/argon2';
import { IsNull, type DataSource } from 'typeorm';
import { BadInputError, KefuError } from '../core/errors';
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

/** An account as the 账号 page lists it (never the hash). */
export interface ConsoleUserListing extends ConsoleUser {
  createdAt: Date;
  lastLoginAt: Date | null;
  disabledAt: Date | null;
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

  /** The account when `password` is right and it is not disabled, else undefined (same cost for an unknown name). */
  async verify(name: string, password: string): Promise<ConsoleUser | undefined> {
    const row = await this.runner.read((em) => em.findOne(ConsoleUserEntity, { where: { name } }));
    if (!row || row.disabledAt) {
      decoyHash ??= hash('kefu-console-decoy-password');
      await verify(await decoyHash, password).catch(() => false);
      return undefined;
    }
    const ok = await verify(row.passwordHash, password).catch(() => false);
    return ok ? toUser(row) : undefined;
  }

  /** The enabled account with this id (sessions keep the id, so a changed role or a disable applies at once). */
  async byId(id: number): Promise<ConsoleUser | undefined> {
    const row = await this.runner.read((em) => em.findOne(ConsoleUserEntity, { where: { id } }));
    return row && !row.disabledAt ? toUser(row) : undefined;
  }

  /** Every account, by name, with its creation, last sign-in and disabled times. */
  async list(): Promise<ConsoleUserListing[]> {
    const rows = await this.runner.read((em) => em.find(ConsoleUserEntity, { order: { name: 'ASC' } }));
    return rows.map((row) => ({ ...toUser(row), createdAt: row.createdAt, lastLoginAt: row.lastLoginAt, disabledAt: row.disabledAt }));
  }

  /** Note a successful sign-in. */
  async recordLogin(id: number, at = new Date()): Promise<void> {
    await this.runner.transaction((em) => em.update(ConsoleUserEntity, { id }, { lastLoginAt: at }));
  }

  /** Disable (or enable) an account; refuses to disable the last enabled admin. */
  async setDisabled(name: string, disabled: boolean): Promise<ConsoleUser> {
    return this.change(name, (row) => ({ disabledAt: disabled ? (row.disabledAt ?? new Date()) : null }));
  }

  /** Give an account another role; refuses to demote the last enabled admin. */
  async setRole(name: string, role: string): Promise<ConsoleUser> {
    if (!isConsoleRole(role)) throw new BadInputError(`unknown console role '${role}'.`, `use one of ${CONSOLE_ROLES.join(', ')}.`);
    return this.change(name, () => ({ role }));
  }

  /** Set a new password (at least {@link MIN_PASSWORD_LENGTH} characters, stored as an argon2id hash). */
  async setPassword(name: string, password: string): Promise<ConsoleUser> {
    checkPassword(password);
    const passwordHash = await hash(password);
    return this.change(name, () => ({ passwordHash }));
  }

  /** Apply `values` to the account `name` in one transaction, keeping at least one enabled admin. */
  private async change(name: string, values: (row: ConsoleUserEntity) => Partial<ConsoleUserEntity>): Promise<ConsoleUser> {
    const row = await this.runner.transaction(async (em) => {
      const existing = await em.findOne(ConsoleUserEntity, { where: { name } });
      if (!existing) throw new KefuError('NOT_FOUND', `没有账号「${name}」。No console user '${name}'.`, 'pick a name from the list.');
      const next = { ...existing, ...values(existing), updatedAt: new Date() };
      const wasAdmin = existing.role === 'admin' && !existing.disabledAt;
      if (wasAdmin && (next.role !== 'admin' || next.disabledAt)) {
        const admins = await em.count(ConsoleUserEntity, { where: { role: 'admin', disabledAt: IsNull() } });
        if (admins <= 1)
          throw new KefuError(
            'CONFLICT',
            '不能停用或降级最后一个管理员。This is the last enabled admin.',
            'make another account admin first.',
          );
      }
      return em.save(ConsoleUserEntity, next);
    });
    return toUser(row);
  }
}

function toUser(row: ConsoleUserEntity): ConsoleUser {
  return { id: row.id, name: row.name, role: row.role as ConsoleRole };
}

function checkAccount(name: string, role: string, password: string): void {
  if (!NAME_PATTERN.test(name))
    throw new BadInputError(`console user name '${name}' is not usable.`, `use 2–64 letters, digits, '.', '_', '-' or '@'.`);
  if (!isConsoleRole(role)) throw new BadInputError(`unknown console role '${role}'.`, `use one of ${CONSOLE_ROLES.join(', ')}.`);
  checkPassword(password);
}

function checkPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    throw new BadInputError(`the password is too short.`, `use at least ${MIN_PASSWORD_LENGTH} characters.`);
}
