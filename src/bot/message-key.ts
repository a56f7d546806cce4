import type { TurnContext } from './turn-context';

/** `<channel>:<account>:<message id>`: a shopper's message across channels and accounts (its dedupe claim). */
export function messageKeyOf(ctx: Pick<TurnContext, 'ref' | 'message'>): string {
  return `${ctx.ref.channel}:${ctx.ref.accountId ?? '-'}:${ctx.message.id}`;
}

/**
 * `<channel>:<account>:<message id>:<reply index>`: the idempotency key of a turn's reply, the same in every run of
 * the message, so a re-run after a crash skips the replies that went out (and idempotent channels drop a copy).
 */
export function replyKeyOf(ctx: Pick<TurnContext, 'ref' | 'message'>, index: number): string {
  return `${messageKeyOf(ctx)}:${index}`;
}
