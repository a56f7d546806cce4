import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { KefuError } from '../core/errors';
import { statement, tableName } from './plain-writes';

/** Column values to match: a value (`=`), or a list of values (`IN (…)`, one SQL text per list length). */
export type Where<T> = { [K in keyof T]?: T[K] | readonly T[K][] };

/** Options of {@link selectWhere}. */
export interface SelectOptions<T> {
  /** Sort by this column property, ascending. */
  orderBy?: keyof T & string;
  /** At most this many rows (a `LIMIT`, the same on SQLite, PostgreSQL and MySQL/MariaDB). */
  limit?: number;
}

/**
 * A plain `SELECT <every column> FROM <table> WHERE a = ? AND b IN (?, ?) [ORDER BY c] [LIMIT n]` for the turn's
 * hot reads (a shopper's demo orders and coupons, a user row): the read twin of src/store/plain-writes.ts. typeorm's `find`
 * builds and re-parses its query on every call (aliases, property names, parameters); this builds the SQL text once
 * per entity and shape, binds every value as a parameter and converts the columns back exactly as typeorm's own
 * reads do (`driver.prepareHydratedValue`: dates, booleans, simple-json), on SQLite, PostgreSQL and MySQL/MariaDB.
 * Only the entity's own columns are read (no relations); `where` values must not be null or undefined (an empty list
 * matches nothing and sends no statement).
 *
 * @example
 * const orders = await selectWhere(em, DemoOrderEntity, { userId: 'u1' });
 */
export async function selectWhere<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  where: Where<T>,
  options: SelectOptions<T> = {},
): Promise<T[]> {
  const meta = em.connection.getMetadata(entity);
  const props = Object.keys(where);
  const filters = props.map((p) => columnOf(meta, p, where[p]));
  const lists = props.map((p) => (Array.isArray(where[p]) ? (where[p] as unknown[]) : undefined));
  if (lists.some((list) => list?.length === 0)) return [];
  const order = options.orderBy === undefined ? undefined : columnOf(meta, options.orderBy, 0);
  const limit = options.limit === undefined ? '' : String(Math.max(1, Math.floor(options.limit)));
  const shape = props.map((p, i) => (lists[i] ? `${p}[${lists[i].length}]` : p));
  const sql = statement(meta, `s:${shape.join(',')}|${options.orderBy ?? ''}|${limit}`, () => {
    const driver = em.connection.driver;
    const columns = ownColumns(meta).map((c) => driver.escape(c.databaseName));
    let index = 0;
    const parameter = (): string => driver.createParameter(`w${index}`, index++);
    const conditions = filters.map((c, i) => {
      const list = lists[i];
      const name = driver.escape(c.databaseName);
      return list ? `${name} IN (${list.map(parameter).join(', ')})` : `${name} = ${parameter()}`;
    });
    return [
      `SELECT ${columns.join(', ')} FROM ${tableName(em, meta)}`,
      conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '',
      order ? ` ORDER BY ${driver.escape(order.databaseName)} ASC` : '',
      limit ? ` LIMIT ${limit}` : '',
    ].join('');
  });
  const driver = em.connection.driver;
  const values = filters.flatMap((c, i) =>
    (lists[i] ?? [where[props[i]!]]).map((value) => driver.preparePersistentValue(value, c) as unknown),
  );
  const raws = (await em.query(sql, values)) as Record<string, unknown>[];
  return raws.map((raw) => hydrate(em, meta, raw));
}

/** The one row matching `where` (a unique key), or undefined. See {@link selectWhere}. */
export async function selectOne<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  where: Where<T>,
): Promise<T | undefined> {
  const [row] = await selectWhere(em, entity, where, { limit: 1 });
  return row;
}

function hydrate<T extends ObjectLiteral>(em: EntityManager, meta: EntityMetadata, raw: Record<string, unknown>): T {
  const row = meta.create() as T;
  for (const column of ownColumns(meta)) {
    const value = raw[column.databaseName];
    if (value !== undefined) (row as ObjectLiteral)[column.propertyName] = em.connection.driver.prepareHydratedValue(value, column);
  }
  return row;
}

/** The entity's own column properties, in metadata order (virtual columns and implicit join columns left out). */
function ownColumns(meta: EntityMetadata): ColumnMetadata[] {
  return meta.columns.filter((c) => !c.isVirtual && !isRelationProperty(c));
}

/** A join column without a `@Column` property of its own (its property is the relation's). */
function isRelationProperty(column: ColumnMetadata): boolean {
  return column.relationMetadata !== undefined && column.propertyName === column.relationMetadata.propertyName;
}

function columnOf(meta: EntityMetadata, property: string, value: unknown): ColumnMetadata {
  const column = meta.findColumnWithPropertyName(property);
  if (!column || column.propertyName !== property || isRelationProperty(column) || column.isVirtual) {
    throw new KefuError(
      'STORE_COLUMN_UNKNOWN',
      `${meta.name} has no column for the property '${property}'.`,
      'filter and sort selectWhere by the entity’s own column properties (no relations).',
    );
  }
  if (value === undefined || value === null || (Array.isArray(value) && value.some((v) => v === undefined || v === null))) {
    throw new KefuError(
      'STORE_WHERE_EMPTY',
      `selectWhere on ${meta.name} got no value for '${property}' (= NULL matches no row).`,
      'pass a value for every property in where, or use typeorm’s find with IsNull() for NULL checks.',
    );
  }
  return column;
}
