import { MoreThan } from 'typeorm';
import type { UserProfile } from '../core/user';
import { UserEntity } from '../store/entities/user.entity';
import type { StoreRunner } from '../store/store-runner';
import { toUserProfile } from '../store/user-mapping';

/** Pages through every shopper, in id order. */
export type UserPages = (pageSize: number) => AsyncGenerator<UserProfile[]>;

/**
 * Every shopper of the database, `pageSize` at a time by keyset (id order: no OFFSET, so a page costs the same at the
 * end as at the start). Channel identities are not loaded (tags and segments do not read them).
 *
 * @example
 * for await (const page of databaseUserPages(runner)(500)) console.log(page.length);
 */
export function databaseUserPages(runner: StoreRunner): UserPages {
  return async function* pages(pageSize: number): AsyncGenerator<UserProfile[]> {
    for (let after = ''; ;) {
      const rows = await runner.read((em) => em.find(UserEntity, { where: { id: MoreThan(after) }, order: { id: 'ASC' }, take: pageSize }));
      if (rows.length > 0) yield rows.map(toUserProfile);
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]!.id;
    }
  };
}
