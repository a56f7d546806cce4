export { DurableInbox } from './durable-inbox';
export type { DurableInboxOptions } from './durable-inbox';
