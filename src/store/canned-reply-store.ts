import type { DataSource } from 'typeorm';
import { BadInputError, KefuError } from '../core/errors';
import { CannedReplyEntity } from './entities/canned-reply.entity';
import { isUniqueViolation, StoreRunner } from './store-runner';

/** A canned reply (快捷回复) as the inbox lists it. */
export interface CannedReply {
  id: number;
  title: string;
  text: string;
  createdBy: string;
  createdAt: string;
}

/** Longest title and text of a canned reply. */
export const CANNED_LIMITS = { title: 32, text: 600 } as const;

/**
 * Canned replies operators pick in the agent inbox (table `kefu_canned_reply`), shared by the whole team.
 *
 * @example
 * const canned = new TypeormCannedReplies(dataSource);
 * await canned.add('发货时间', '亲，现货订单 48 小时内发货哦～', 'xiaomei');
 */
export class TypeormCannedReplies {
  private readonly runner: StoreRunner;

  constructor(store: DataSource | StoreRunner) {
    this.runner = store instanceof StoreRunner ? store : new StoreRunner(store);
  }

  /** All of them, by title. */
  async list(): Promise<CannedReply[]> {
    const rows = await this.runner.read((em) => em.find(CannedReplyEntity, { order: { title: 'ASC' }, take: 500 }));
    return rows.map(toReply);
  }

  /** Add one; a title that exists is refused (409) so two operators do not overwrite each other's. */
  async add(title: string, text: string, by: string, at = new Date()): Promise<CannedReply> {
    const t = title.trim();
    const body = text.trim();
    if (!t || [...t].length > CANNED_LIMITS.title)
      throw new BadInputError(`标题须为 1–${CANNED_LIMITS.title} 个字。`, 'give the reply a short title.');
    if (!body || [...body].length > CANNED_LIMITS.text)
      throw new BadInputError(`内容须为 1–${CANNED_LIMITS.text} 个字。`, 'shorten the text.');
    try {
      const row = await this.runner.transaction((em) =>
        em.save(CannedReplyEntity, Object.assign(new CannedReplyEntity(), { title: t, text: body, createdBy: by, createdAt: at })),
      );
      return toReply(row);
    } catch (err) {
      if (isUniqueViolation(err))
        throw new KefuError('CONFLICT', `已有标题为「${t}」的快捷回复。`, 'pick another title or delete the old one first.');
      throw err;
    }
  }

  /** Delete one; false when it did not exist. */
  async remove(id: number): Promise<boolean> {
    const result = await this.runner.transaction((em) => em.delete(CannedReplyEntity, { id }));
    return Boolean(result.affected);
  }
}

function toReply(row: CannedReplyEntity): CannedReply {
  return { id: row.id, title: row.title, text: row.text, createdBy: row.createdBy, createdAt: new Date(row.createdAt).toISOString() };
}
