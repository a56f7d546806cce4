/** Durable storage (typeorm) and live conversation state (Redis). See docs/storage.md. */
export { createDataSource, dataSourceOptions, databaseKind, redactUrl, type DataSourceExtras, type DatabaseKind } from './data-source';
export {
  STORE_ENTITIES,
  UserEntity,
  ChannelIdentityEntity,
  ConversationEntity,
  MessageLogEntity,
  ServiceRecordEntity,
  TicketEntity,
  DemoOrderEntity,
  DemoCouponEntity,
  CustomerOrderEntity,
} from './entities';
export type { ConversationMode, ConversationStatus, MessageDirection } from './entities';
export { STORE_MIGRATIONS } from './migrations';
export { StoreRunner } from './store-runner';
export { TypeormUserDirectory, type UserPatch, type MergeOptions } from './typeorm-user-directory';
export { ConversationLog, type TurnRecord, type LoggedMessage, type ConversationSummary } from './conversation-log';
export { RedisStateStore, type RedisStateStoreOptions } from './redis-state-store';
export { RedisActionResults } from './redis-action-results';
export { TypeormServiceRecords } from './service-record-store';
export { TypeormTickets } from './ticket-store';
export { TypeormDemoShopStore } from './typeorm-demo-shop-store';
export { TypeormOrderLedger, recountOrders } from './typeorm-order-ledger';
