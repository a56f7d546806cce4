import { Between, In, MoreThanOrEqual, type DataSource } from 'typeorm';
import type { AttributionStore, ChatPart, ChatTouch, CreditKind, OrderAttribution, ShopperTurn, TouchKind } from '../outreach/attribution';
import { ChatTouchEntity } from './entities/chat-touch.entity';
import { ConversationEntity } from './entities/conversation.entity';
import { MessageLogEntity } from './entities/message-log.entity';
import { OrderAttributionEntity } from './entities/order-attribution.entity';
import { OutreachLogEntity } from './entities/outreach-log.entity';
import { StoreRunner } from './store-runner';

/** Inbound kinds the shopper wrote or clicked (not platform events, nor the event of a flow outreach started). */
const SHOPPER_KINDS = ['text', 'postback', 'image'];

/** Conversations looked at for the shopper's last message (their newest ones). */
const MAX_CONVERSATIONS = 50;

/**
 * Touches (`kefu_chat_touch`) and order attributions (`kefu_order_attribution`) over typeorm, on SQLite,
 * PostgreSQL and MySQL/MariaDB. A touch is written once (a re-run turn's copy is ignored by the unique index);
 * an order's attribution is written once (the first wins, a racing second reads it back). Rows carry `user_id`,
 * so merging two users moves them with the rest of the shopper's rows.
 *
 * @example
 * const store = new TypeormAttributionStore(dataSource);
 * await store.addTouches([{ conversation: 'web:-:c1', userId, channel: 'web', kind: 'product', ref: 'P1001', at: Date.now() }]);
 */
export class TypeormAttributionStore implements AttributionStore {
  private readonly runner: StoreRunner;

  constructor(store: DataSource | StoreRunner) {
    this.runner = store instanceof StoreRunner ? store : new StoreRunner(store);
  }

  async addTouches(touches: readonly ChatTouch[]): Promise<void> {
    if (touches.length === 0) return;
    const rows = touches.map((t) => ({
      conversationId: t.conversation.slice(0, 255),
      userId: t.userId,
      channel: t.channel,
      kind: t.kind,
      ref: t.ref.slice(0, 100),
      at: new Date(t.at),
    }));
    // one multi-row INSERT is atomic by itself: no transaction around it (BEGIN and COMMIT were 2 of the flush's statements)
    await this.runner.statement((em) => em.createQueryBuilder().insert().into(ChatTouchEntity).values(rows).orIgnore().execute());
  }

  async touchesOf(userId: string, from: number, to: number): Promise<ChatTouch[]> {
    const rows = await this.runner.read((em) =>
      em.find(ChatTouchEntity, { where: { userId, at: Between(new Date(from), new Date(to)) }, order: { at: 'DESC' }, take: 500 }),
    );
    return rows.map((r) => ({
      conversation: r.conversationId,
      userId: r.userId,
      channel: r.channel,
      kind: r.kind as TouchKind,
      ref: r.ref,
      at: r.at.getTime(),
    }));
  }

  async lastShopperTurn(userId: string, from: number, to: number): Promise<ShopperTurn | undefined> {
    return this.runner.read(async (em) => {
      const conversations = await em.find(ConversationEntity, {
        select: { id: true, channel: true },
        where: { userId, updatedAt: MoreThanOrEqual(new Date(from)) },
        order: { updatedAt: 'DESC' },
        take: MAX_CONVERSATIONS,
      });
      if (conversations.length === 0) return undefined;
      const message = await em.findOne(MessageLogEntity, {
        select: { conversationId: true, createdAt: true },
        where: {
          conversationId: In(conversations.map((c) => c.id)),
          direction: 'in',
          kind: In(SHOPPER_KINDS),
          createdAt: Between(new Date(from), new Date(to)),
        },
        order: { createdAt: 'DESC' },
      });
      if (!message) return undefined;
      const channel = conversations.find((c) => c.id === message.conversationId)?.channel ?? '';
      return { conversation: message.conversationId, channel, at: message.createdAt.getTime() };
    });
  }

  async outreachChannel(key: string): Promise<string | undefined> {
    const row = await this.runner.read((em) => em.findOne(OutreachLogEntity, { select: { channel: true }, where: { key } }));
    return row?.channel ?? undefined;
  }

  async attributionOf(orderId: string): Promise<OrderAttribution | undefined> {
    const row = await this.runner.read((em) => em.findOne(OrderAttributionEntity, { where: { orderId } }));
    return row ? toAttribution(row) : undefined;
  }

  async saveOnce(a: OrderAttribution): Promise<OrderAttribution> {
    await this.runner.transaction((em) =>
      em
        .createQueryBuilder()
        .insert()
        .into(OrderAttributionEntity)
        .values({
          orderId: a.orderId,
          userId: a.userId,
          amount: a.amount,
          credit: a.credit,
          channel: a.channel ?? null,
          conversationId: a.conversation ?? null,
          chat: a.chat ?? null,
          touchRef: a.touchRef ?? null,
          touchAt: a.touchAt ? new Date(a.touchAt) : null,
          outreachKey: a.outreachKey ?? null,
          paidAt: new Date(a.paidAt),
          createdAt: new Date(),
        })
        .orIgnore()
        .execute(),
    );
    return (await this.attributionOf(a.orderId)) ?? a;
  }

  async listPaid(from: Date, to: Date): Promise<OrderAttribution[]> {
    const rows = await this.runner.read((em) =>
      em
        .createQueryBuilder(OrderAttributionEntity, 'a')
        .where('a.paidAt >= :from AND a.paidAt < :to', { from, to })
        .orderBy('a.paidAt', 'ASC')
        .getMany(),
    );
    return rows.map(toAttribution);
  }

  async countTouches(from: Date, to: Date): Promise<{ kind: TouchKind; channel: string; count: number }[]> {
    const rows = await this.runner.read((em) =>
      em
        .createQueryBuilder(ChatTouchEntity, 't')
        .select('t.kind', 'kind')
        .addSelect('t.channel', 'channel')
        .addSelect('COUNT(*)', 'count')
        .where('t.at >= :from AND t.at < :to', { from, to })
        .groupBy('t.kind')
        .addGroupBy('t.channel')
        .getRawMany<{ kind: string; channel: string; count: string | number }>(),
    );
    return rows.map((r) => ({ kind: r.kind as TouchKind, channel: r.channel, count: Number(r.count) }));
  }
}

function toAttribution(row: OrderAttributionEntity): OrderAttribution {
  const a: OrderAttribution = {
    orderId: row.orderId,
    userId: row.userId,
    amount: Number(row.amount),
    credit: row.credit as CreditKind,
    paidAt: row.paidAt.toISOString(),
  };
  if (row.channel) a.channel = row.channel;
  if (row.conversationId) a.conversation = row.conversationId;
  if (row.chat) a.chat = row.chat as ChatPart;
  if (row.touchRef) a.touchRef = row.touchRef;
  if (row.touchAt) a.touchAt = row.touchAt.toISOString();
  if (row.outreachKey) a.outreachKey = row.outreachKey;
  return a;
}
