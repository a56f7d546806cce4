export { DurableInbox } from './durable-inbox';
export type { DurableInboxOptions, InboxEntries } from './durable-inbox';
