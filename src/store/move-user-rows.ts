import type { EntityManager, EntityMetadata } from 'typeorm';

/** Tables whose rows say who they belong to but are not moved row by row (the user and its identities). */
const SKIPPED = new Set(['kefu_users', 'kefu_channel_identities']);

/**
 * Moves every row that belongs to user `fromId` to `intoId`, in every table with a `user_id` column (conversations,
 * messages, outreach log, service records, tickets, orders, attribution, … and tables added later). Where a unique
 * index includes `user_id` (one coupon per user and template), a row of `from` that would collide with one of `into`
 * is dropped: `into`'s row wins.
 *
 * @example
 * await moveUserRows(em, visitor.id, customer.id); // inside the merge's transaction
 */
export async function moveUserRows(em: EntityManager, fromId: string, intoId: string): Promise<void> {
  for (const meta of em.connection.entityMetadatas) {
    if (SKIPPED.has(meta.tableName)) continue;
    const column = meta.columns.find((c) => c.databaseName === 'user_id');
    if (!column) continue;
    await dropCollisions(em, meta, column.propertyName, fromId, intoId);
    await em
      .createQueryBuilder()
      .update(meta.target)
      .set({ [column.propertyName]: intoId })
      .where(`${em.connection.driver.escape(column.databaseName)} = :fromId`, { fromId })
      .execute();
  }
}

async function dropCollisions(em: EntityManager, meta: EntityMetadata, userProp: string, fromId: string, intoId: string): Promise<void> {
  for (const index of meta.indices.filter((i) => i.isUnique && i.columns.some((c) => c.propertyName === userProp))) {
    const others = index.columns.filter((c) => c.propertyName !== userProp).map((c) => c.propertyName);
    if (others.length === 0) continue;
    const mine = (await em.find(meta.target, { where: { [userProp]: intoId } })) as Record<string, unknown>[];
    const taken = new Set(mine.map((row) => JSON.stringify(others.map((p) => row[p]))));
    const theirs = (await em.find(meta.target, { where: { [userProp]: fromId } })) as Record<string, unknown>[];
    const colliding = theirs.filter((row) => taken.has(JSON.stringify(others.map((p) => row[p]))));
    for (const row of colliding) await em.delete(meta.target, meta.getEntityIdMap(row)!);
  }
}
