import type { OutboundMessage, QuickReply } from '../../../src/index';

/** One Activity the fake connector received. */
export interface ReceivedActivity {
  conversationId: string;
  /** The `{replyToId}` of the URL; absent for a proactive message. */
  replyToId?: string;
  /** The Authorization header (absent when the bot sent none). */
  authorization?: string;
  activity: Record<string, unknown> & { type: string };
  at: number;
}

interface Action {
  type: string;
  title: string;
  value?: unknown;
}

/**
 * What the shopper sees, as kefu's OutboundMessages: texts and quick replies exactly, pictures as images, cards by
 * their `summary` (the text a channel without cards shows). Typing and events are not messages.
 */
export function receivedMessages(received: ReceivedActivity[]): OutboundMessage[] {
  return received.flatMap(({ activity: a }): OutboundMessage[] => {
    if (a.type !== 'message') return [];
    const actions = (a.suggestedActions as { actions?: Action[] } | undefined)?.actions;
    if (actions && typeof a.text === 'string') return [{ type: 'quick_replies', text: a.text, replies: actions.map(replyOf) }];
    const attachment = (a.attachments as { contentType: string; contentUrl?: string; name?: string }[] | undefined)?.[0];
    if (attachment?.contentType.startsWith('image/'))
      return [{ type: 'image', url: attachment.contentUrl!, ...(attachment.name && { alt: attachment.name }) }];
    if (attachment && typeof a.summary === 'string') return [{ type: 'text', text: a.summary }];
    return typeof a.text === 'string' ? [{ type: 'text', text: a.text }] : [];
  });
}

function replyOf(action: Action): QuickReply {
  const payload = (action.value as Record<string, unknown> | undefined)?.kefuPostback;
  return typeof payload === 'string' ? { title: action.title, payload } : { title: action.title };
}
