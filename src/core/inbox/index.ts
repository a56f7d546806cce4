export { DurableInbox } from './durable-inbox';
export type { DurableInboxOptions, InboxEntries } from './inbox-options';
export { inboxChannelHealth, type InboxHealth } from './inbox-health';
