/**
 * The write-behind log's hot writes (src/store/plain-writes.ts) on SQLite, PostgreSQL and MariaDB: values read back
 * as typeorm wrote them (dates, booleans, JSON, NULLs), one SQL text per column list whatever the values (so the
 * driver reuses its prepared statement), and the few statements a turn's user and log writes take.
 */
import type { DataSource, Logger as TypeormLogger } from 'typeorm';
import { ConversationLog, createDataSource, TypeormUserDirectory } from '../../src/store';
import { ConversationEntity } from '../../src/store/entities/conversation.entity';
import { MessageLogEntity } from '../../src/store/entities/message-log.entity';
import { insertRows, updateById } from '../../src/store/plain-writes';
import { mariadbDatabase, postgresDatabase, sqliteDatabase, type TestDatabase } from './databases';

/** Statements the data source sends, collected while `recording` is on (typeorm calls its logger for each). */
function recordStatements(ds: DataSource): { sql: string[]; on(): void; off(): void } {
  const sql: string[] = [];
  let recording = false;
  const logger: TypeormLogger = {
    logQuery: (query) => void (recording && sql.push(query)),
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
  (ds as unknown as { logger: TypeormLogger }).logger = logger;
  return { sql, on: () => void ((recording = true), sql.splice(0)), off: () => void (recording = false) };
}

const ref = { channel: 'web', conversationId: 'pw1', userId: 'u_pw1' };
const turn = (text: string, at: Date) => ({
  ref,
  userId: undefined,
  inbound: { id: `m-${text}`, ref, kind: 'text' as const, text, receivedAt: at.getTime() },
  replies: [{ type: 'text' as const, text: `回复：${text}` }],
  mode: 'bot' as const,
  at,
});

describe.each([
  ['SQLite', sqliteDatabase],
  ['PostgreSQL', postgresDatabase],
  ['MariaDB', mariadbDatabase],
])('plain writes on %s', (_name, open) => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await open();
    ds = await createDataSource(db.url, { schema: db.schema });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('updates a row by id and inserts rows as typeorm reads them back, NULL where a row leaves a property out', async () => {
    const started = new Date('2026-12-06T01:02:03.456Z');
    await ds.manager.insert(ConversationEntity, {
      id: 'web:-:pw0',
      channel: 'web',
      ref,
      slots: {},
      status: 'open',
      mode: 'bot',
      resolved: false,
      escalated: false,
      turns: 0,
      startedAt: started,
      updatedAt: started,
    });
    const later = new Date('2026-12-06T02:03:04.567Z');
    await updateById(ds.manager, ConversationEntity, 'web:-:pw0', {
      escalated: true,
      slots: { size: 'XL', 尺码: '大' },
      turns: 7,
      updatedAt: later,
    });
    const row = await ds.manager.findOneByOrFail(ConversationEntity, { id: 'web:-:pw0' });
    expect(row).toMatchObject({ escalated: true, resolved: false, slots: { size: 'XL', 尺码: '大' }, turns: 7, mode: 'bot' });
    expect(new Date(row.updatedAt).toISOString()).toBe(later.toISOString());
    expect(new Date(row.startedAt).toISOString()).toBe(started.toISOString());

    await insertRows(ds.manager, MessageLogEntity, [
      { conversationId: 'web:-:pw0', direction: 'in', kind: 'text', text: '有XL吗😂', createdAt: later },
      {
        conversationId: 'web:-:pw0',
        direction: 'out',
        kind: 'text',
        text: '有的',
        payload: { type: 'text' },
        score: 0.5,
        createdAt: later,
      },
    ]);
    const messages = await ds.manager.find(MessageLogEntity, { where: { conversationId: 'web:-:pw0' }, order: { id: 'ASC' } });
    expect(messages.map((m) => [m.direction, m.text, m.payload, m.score])).toEqual([
      ['in', '有XL吗😂', null, null],
      ['out', '有的', { type: 'text' }, 0.5],
    ]);
  });

  it('sends one SQL text per column list whatever the values, and few statements for a turn’s user and log writes', async () => {
    const statements = recordStatements(ds);
    const users = new TypeormUserDirectory(ds);
    const log = new ConversationLog(ds);
    await log.recordTurns([turn('你好', new Date())]); // creates the conversation

    statements.on();
    const user = await users.resolve('web', 'u_pw1'); // a new shopper
    const created = statements.sql.filter((q) => !/^(BEGIN|COMMIT|START TRANSACTION|SET TRANSACTION)/i.test(q));
    statements.on();
    await users.update(user.id, { tags: ['new_customer'] });
    const updated = statements.sql.filter((q) => !/^(BEGIN|COMMIT|START TRANSACTION|SET TRANSACTION)/i.test(q));
    statements.on();
    await log.recordTurns([turn('有XL吗', new Date())]);
    await log.recordTurns([turn('多少钱', new Date(Date.now() + 1))]);
    const logged = statements.sql.filter((q) => /^UPDATE/i.test(q));
    statements.off();

    expect(user.identities).toEqual([{ channel: 'web', externalId: 'u_pw1' }]);
    expect((await users.get(user.id))?.tags).toEqual(['new_customer']);
    const withIdentities = (q: string) => /^SELECT/i.test(q) && /JOIN/i.test(q);
    // a new user: look the identity up, insert the user and the identity; the profile is not read back
    expect(created.filter(withIdentities)).toHaveLength(0);
    expect(created.filter((q) => /^INSERT/i.test(q))).toHaveLength(2);
    // tags: lock the row (server databases), read the user with its identities in one query (no DISTINCT
    // pre-query), update the changed column only (no second read to diff the row)
    const locks = ds.options.type === 'better-sqlite3' ? 0 : 1;
    expect(updated.filter((q) => /^SELECT/i.test(q))).toHaveLength(1 + locks);
    expect(updated.filter(withIdentities)).toHaveLength(1);
    expect(updated.filter((q) => /^UPDATE/i.test(q))).toEqual([expect.not.stringMatching(/display_name|attributes|opted_out/)]);
    // the same conversation's turns count 2 then 3: the same statement both times, the count a parameter
    expect(logged).toHaveLength(2);
    expect(logged[0]).toBe(logged[1]);
    expect((await log.getConversation('web:-:pw1'))?.turns).toBe(3);
  });
});
