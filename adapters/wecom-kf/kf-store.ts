import type { Redis } from 'ioredis';
import type { ServiceState } from './constants';

/** Dedupe keys outlive sync_msg's 3-day horizon. */
const SEEN_TTL_SEC = 4 * 24 * 3600;
/** A session state is refetched with service_state/get after this long without news. */
const STATE_TTL_SEC = 3 * 24 * 3600;

// KEYS: lock. ARGV: owner. Deletes the lock only if this owner still holds it.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * Everything the adapter keeps in Redis, under `<prefix>:wecom-kf:<corpId>:…`: the sync cursor per kf account,
 * seen msgids, session states, welcome codes used, pull locks and "pull again" flags.
 *
 * @example
 * const store = new KfStore(redis, 'kefu', 'ww123');
 * if (await store.firstSeen(msg.msgid)) handle(msg);
 */
export class KfStore {
  private readonly base: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    corpId: string,
  ) {
    this.base = `${prefix}:wecom-kf:${corpId}`;
  }

  async cursor(openKfId: string): Promise<string | undefined> {
    return (await this.redis.get(`${this.base}:cursor:${openKfId}`)) ?? undefined;
  }

  async saveCursor(openKfId: string, cursor: string): Promise<void> {
    await this.redis.set(`${this.base}:cursor:${openKfId}`, cursor);
  }

  /** true the first time a msgid is seen (across processes); false for a repeat. */
  async firstSeen(msgid: string): Promise<boolean> {
    return (await this.redis.set(`${this.base}:seen:${msgid}`, '1', 'EX', SEEN_TTL_SEC, 'NX')) === 'OK';
  }

  /** true the first time a welcome code is claimed. */
  async claimWelcome(code: string): Promise<boolean> {
    return (await this.redis.set(`${this.base}:welcome:${code}`, '1', 'EX', 3600, 'NX')) === 'OK';
  }

  async state(openKfId: string, userId: string): Promise<ServiceState | undefined> {
    const value = await this.redis.get(this.stateKey(openKfId, userId));
    return value === null ? undefined : (Number(value) as ServiceState);
  }

  async saveState(openKfId: string, userId: string, state: ServiceState): Promise<void> {
    await this.redis.set(this.stateKey(openKfId, userId), String(state), 'EX', STATE_TTL_SEC);
  }

  /** Try to own the pull loop of a kf account for `ms`; true on success. */
  async lock(openKfId: string, owner: string, ms: number): Promise<boolean> {
    return (await this.redis.set(`${this.base}:pull-lock:${openKfId}`, owner, 'PX', ms, 'NX')) === 'OK';
  }

  /** Extend a held lock. */
  async extend(openKfId: string, ms: number): Promise<void> {
    await this.redis.pexpire(`${this.base}:pull-lock:${openKfId}`, ms);
  }

  async unlock(openKfId: string, owner: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, `${this.base}:pull-lock:${openKfId}`, owner);
  }

  /** Ask the lock holder (maybe another process) to pull once more, with this callback token. */
  async requestAgain(openKfId: string, token: string): Promise<void> {
    await this.redis.set(`${this.base}:again:${openKfId}`, token, 'PX', 10 * 60_000);
  }

  /** The pending "pull again" token, if any, cleared. */
  async takeAgain(openKfId: string): Promise<string | undefined> {
    return (await this.redis.getdel(`${this.base}:again:${openKfId}`)) ?? undefined;
  }

  private stateKey(openKfId: string, userId: string): string {
    return `${this.base}:state:${openKfId}:${userId}`;
  }
}
