import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { KefuError } from '../core/errors';

/** Rows per INSERT statement (keeps every database under its bound-parameter limit). */
export const INSERT_CHUNK = 200;

/** SQL text per entity and column list: built once, so the database driver can reuse its prepared statement. */
const statements = new WeakMap<EntityMetadata, Map<string, string>>();

/**
 * Plain `UPDATE … WHERE <primary key> = ?` and multi-row `INSERT` statements built from an entity's typeorm metadata,
 * for the write-behind log's hot writes (several per turn). typeorm's query builders re-parse every statement they
 * build (property names, parameters, a new SQL text per number inlined), which cost about 0.5 ms of the event loop
 * per row; these statements are built once per column list and bind every value as a parameter, converted by the
 * driver exactly as typeorm's own writes convert it (dates, booleans, simple-json), on SQLite, PostgreSQL and
 * MySQL/MariaDB. Entities with a single primary column and no relations only.
 *
 * @example
 * await updateById(em, ConversationEntity, 'web:-:c1', { turns: 3, updatedAt: new Date() });
 * await insertRows(em, MessageLogEntity, [{ conversationId: 'web:-:c1', direction: 'in', … }]);
 */
export async function updateById<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  id: string | number,
  changes: Partial<T>,
): Promise<void> {
  const meta = em.connection.getMetadata(entity);
  const props = Object.keys(changes).filter((p) => changes[p] !== undefined);
  if (props.length === 0) return;
  const columns = props.map((p) => columnOf(meta, p));
  const primary = primaryOf(meta);
  const sql = statement(meta, `u:${props.join(',')}`, () => {
    const driver = em.connection.driver;
    const sets = columns.map((c, i) => `${driver.escape(c.databaseName)} = ${driver.createParameter(`v${i}`, i)}`);
    const where = `${driver.escape(primary.databaseName)} = ${driver.createParameter('id', columns.length)}`;
    return `UPDATE ${tableName(em, meta)} SET ${sets.join(', ')} WHERE ${where}`;
  });
  const values = columns.map((c, i) => persisted(em, c, changes[props[i]!]));
  await em.query(sql, [...values, persisted(em, primary, id)]);
}

/**
 * One `INSERT INTO … VALUES (…), (…)` of `rows`: every property some row sets is a column, and a row that leaves it
 * undefined writes NULL there (not the column's default: give such columns a value). A generated id is left to the
 * database. More than {@link INSERT_CHUNK} rows are written by several statements (bound-parameter limits).
 */
export async function insertRows<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  rows: readonly Partial<T>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await insertChunk(em, entity, rows.slice(i, i + INSERT_CHUNK));
}

async function insertChunk<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  rows: readonly Partial<T>[],
): Promise<void> {
  if (rows.length === 0) return;
  const meta = em.connection.getMetadata(entity);
  const props = [...new Set(rows.flatMap((row) => Object.keys(row).filter((p) => row[p] !== undefined)))];
  const columns = props.map((p) => columnOf(meta, p));
  const sql = statement(meta, `i${rows.length}:${props.join(',')}`, () => {
    const driver = em.connection.driver;
    let index = 0;
    const tuples = rows.map(() => `(${columns.map(() => driver.createParameter(`p${index}`, index++)).join(', ')})`);
    return `INSERT INTO ${tableName(em, meta)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES ${tuples.join(', ')}`;
  });
  const values = rows.flatMap((row) => columns.map((c, i) => persisted(em, c, row[props[i]!] ?? null)));
  await em.query(sql, values);
}

/**
 * The entity's table as SQL: `"table"`, or `"schema"."table"` when the data source or the entity names a schema (as
 * typeorm's own query builders write it; kefu's data sources also set PostgreSQL's search_path).
 */
export function tableName(em: EntityManager, meta: EntityMetadata): string {
  return meta.tablePath
    .split('.')
    .map((part) => em.connection.driver.escape(part))
    .join('.');
}

/** The SQL text of `key` for this entity, built once (plain reads and writes share the cache; keys are prefixed). */
export function statement(meta: EntityMetadata, key: string, build: () => string): string {
  let byKey = statements.get(meta);
  if (!byKey) statements.set(meta, (byKey = new Map()));
  let sql = byKey.get(key);
  if (sql === undefined) byKey.set(key, (sql = build()));
  return sql;
}

function persisted(em: EntityManager, column: ColumnMetadata, value: unknown): unknown {
  return em.connection.driver.preparePersistentValue(value, column);
}

function columnOf(meta: EntityMetadata, property: string): ColumnMetadata {
  const column = meta.findColumnWithPropertyName(property);
  if (!column || column.propertyName !== property) {
    throw new KefuError(
      'STORE_COLUMN_UNKNOWN',
      `${meta.name} has no column for the property '${property}'.`,
      'write only the entity’s own column properties (no relations) with updateById/insertRows.',
    );
  }
  return column;
}

function primaryOf(meta: EntityMetadata): ColumnMetadata {
  const [primary, ...more] = meta.primaryColumns;
  if (!primary || more.length > 0) {
    throw new KefuError(
      'STORE_PRIMARY_KEY',
      `${meta.name} does not have exactly one primary column.`,
      'use typeorm’s em.update for entities with a composite key.',
    );
  }
  return primary;
}
