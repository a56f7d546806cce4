import type { HistoryItem } from './protocol';

/**
 * Recent history per conversation kept in process memory, used when the composition root gives the
 * adapter no `history` loader. Bounded: `perConversation` items each, `conversations` conversations
 * (the least recently written is forgotten first).
 *
 * @example
 * const h = new MemoryHistory();
 * h.add('c-1', { from: 'shopper', text: '你好', at: Date.now() });
 * h.get('c-1'); // [{ from: 'shopper', … }]
 */
export class MemoryHistory {
  private readonly items = new Map<string, HistoryItem[]>();

  constructor(
    private readonly perConversation = 50,
    private readonly conversations = 10_000,
  ) {}

  add(conversationId: string, item: HistoryItem): void {
    const list = this.items.get(conversationId) ?? [];
    this.items.delete(conversationId);
    list.push(item);
    if (list.length > this.perConversation) list.splice(0, list.length - this.perConversation);
    this.items.set(conversationId, list);
    if (this.items.size > this.conversations) {
      const oldest = this.items.keys().next().value;
      if (oldest !== undefined) this.items.delete(oldest);
    }
  }

  get(conversationId: string): HistoryItem[] {
    return [...(this.items.get(conversationId) ?? [])];
  }
}
