/**
 * What one chat turn costs the database (bench:chat's path: web chat, the real bot, SQLite): a new shopper's visit
 * and a returning shopper's turns, counted statement by statement (BEGIN and COMMIT included) on a real SQLite file,
 * each turn with its write-behind flush. A regression here is a store that reads again what the turn just read or
 * wrote, or a second transaction where one does.
 */
import { BetterSqlite3QueryRunner } from 'typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner';
import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { WebShopper } from '../helpers/web-shopper';

/** Background jobs are not the turn's: outreach scheduled after the welcome coupon (plain statements, they may land
 * inside a turn's transaction on SQLite's one connection), and the KPI roll-up's transaction. */
const OUTREACH = /kefu_outreach_log/;
const ROLLUP = /kefu_kpi_/;

/** `sql` without the background jobs' statements and transactions. */
function turnOnly(sql: string[]): string[] {
  const kept: string[] = [];
  let block: string[] | undefined;
  for (const q of sql.filter((s) => !OUTREACH.test(s))) {
    if (/^BEGIN/i.test(q)) block = [q];
    else if (block && /^(COMMIT|ROLLBACK)/i.test(q)) {
      if (!block.some((b) => ROLLUP.test(b))) kept.push(...block, q);
      block = undefined;
    } else if (block) block.push(q);
    else if (!ROLLUP.test(q)) kept.push(q);
  }
  return kept.concat(block ?? []);
}

let recording: string[] | undefined;
const query = BetterSqlite3QueryRunner.prototype.query;

beforeAll(() => {
  BetterSqlite3QueryRunner.prototype.query = function (this: BetterSqlite3QueryRunner, sql: string, ...rest: unknown[]) {
    recording?.push(sql.replace(/\s+/g, ' '));
    return (query as (...a: unknown[]) => ReturnType<typeof query>).call(this, sql, ...rest);
  } as typeof query;
});
afterAll(() => {
  BetterSqlite3QueryRunner.prototype.query = query;
});

describe('statements per chat turn on SQLite', () => {
  let app: TestKefu;
  beforeAll(async () => {
    app = await startTestKefu();
  });
  afterAll(async () => {
    await app?.close();
  });

  /** Fails with the statements when there are more than `max`. */
  function atMost(sql: string[], max: number): void {
    if (sql.length > max) throw new Error(`${sql.length} statements, expected at most ${max}:\n${sql.join('\n')}`);
  }

  /** The statements of one turn and its write-behind flush. */
  async function turn(shopper: WebShopper, text: string): Promise<string[]> {
    recording = [];
    await shopper.say(text);
    await app.kefu.core.recorder.flush();
    const sql = recording;
    recording = undefined;
    return turnOnly(sql);
  }

  it('a new shopper’s first turns and a plain turn stay within a few statements and transactions each', async () => {
    const shopper = await WebShopper.connect(app.kefu.url);
    const first = await turn(shopper, '你好'); // a new shopper: user, identity, order history from the shop
    const tracking = await turn(shopper, '我的快递到哪了'); // the demo shop seeds the shopper's orders
    const plain = await turn(shopper, '卫衣什么材质的'); // a returning shopper's turn that needs no shop data
    expect(shopper.replies().length).toBeGreaterThanOrEqual(3);
    expect(shopper.replies().join('\n')).toMatch(/快递|物流|运输/); // the tracking turn answered from the seeded orders

    const transactions = (sql: string[]) => sql.filter((q) => /^BEGIN/i.test(q)).length;
    const userReads = (sql: string[]) => sql.filter((q) => /^SELECT .* FROM "kefu_users"/.test(q)).length;

    // a new shopper: one transaction resolves them (identity look-up, user, identity; nothing read back), one records
    // what the shop knows (the user read once), one issues the welcome coupon, one writes the new tags; the flush
    // writes the log and the session in one transaction each and the touches without one
    atMost(first, 31);
    expect(transactions(first)).toBe(6);
    expect(userReads(first)).toBe(2); // the order ledger's, the tags update's
    expect(first.filter((q) => /^INSERT INTO "kefu_users"/.test(q))).toHaveLength(1);
    // order tracking: the orders the demo shop seeds are not read back after they went in
    atMost(tracking, 16);
    expect(tracking.filter((q) => /FROM "kefu_demo_order" WHERE "user_id"/.test(q))).toHaveLength(1);
    // a turn that needs no shop data: only the write-behind flush (log, touches, session)
    atMost(plain, 10);
    expect(transactions(plain)).toBe(2);
  });
});
