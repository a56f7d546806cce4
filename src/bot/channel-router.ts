import type { ChannelAdapter, SendOptions } from '../core/channel-adapter';
import { KefuError } from '../core/errors';
import type { ConversationRef, OutboundMessage } from '../core/message';
import type { ReplySender } from './ports';

/**
 * Sends each message through the adapter named by `ref.channel`.
 *
 * @example
 * const router = new ChannelRouter([web, wechaty]);
 * await router.send(ref, { type: 'text', text: '您好' });
 */
export class ChannelRouter implements ReplySender {
  private readonly adapters = new Map<string, ChannelAdapter>();

  constructor(adapters: Iterable<ChannelAdapter> = []) {
    for (const adapter of adapters) this.add(adapter);
  }

  /** Register an adapter; names must be unique. */
  add(adapter: ChannelAdapter): void {
    if (this.adapters.has(adapter.name)) {
      throw new KefuError('DUPLICATE_ADAPTER', `Two channel adapters are named '${adapter.name}'.`, 'give every adapter a unique name.');
    }
    this.adapters.set(adapter.name, adapter);
  }

  list(): ChannelAdapter[] {
    return [...this.adapters.values()];
  }

  get(name: string): ChannelAdapter | undefined {
    return this.adapters.get(name);
  }

  /** Whether every running adapter drops repeated sends with the same idempotency key. */
  allIdempotent(): boolean {
    return this.list().every((adapter) => adapter.capabilities.idempotent === true);
  }

  async send(ref: ConversationRef, message: OutboundMessage, options?: SendOptions): Promise<void> {
    const adapter = this.adapters.get(ref.channel);
    if (!adapter) {
      throw new KefuError(
        'UNKNOWN_CHANNEL',
        `No channel adapter named '${ref.channel}' is running.`,
        `enable the '${ref.channel}' adapter or check ConversationRef.channel.`,
      );
    }
    await adapter.send(ref, message, options);
  }
}
