import type { FastifyInstance, FastifyReply } from 'fastify';
import type { UserDirectory, UserProfile } from '../core/user';
import { escapeHtml, unsubscribePage } from './unsubscribe-page';

/** Verifies a signed unsubscribe link (see src/outreach/unsubscribe-link.ts). */
export interface UnsubscribeVerifier {
  verify(userId: string, token: string): boolean;
}

/** Largest form body POST /unsubscribe reads (a user id and a token). */
const FORM_LIMIT_BYTES = 4096;

/**
 * The one-click opt-out link in proactive messages, in two steps so that mail and chat link scanners, which
 * fetch every URL they see, opt no one out:
 * - `GET /unsubscribe?u=<userId>&t=<token>` changes nothing: a valid link answers a Chinese page saying what will
 *   happen, with one button 确认退订 whose form POSTs the same `u` and `t` (urlencoded).
 * - `POST /unsubscribe` (form `u`, `t`) checks the signature again and opts the shopper out of every proactive
 *   message on every channel, answering a short 已退订 page.
 * A wrong or tampered link answers 403 to both and changes nothing.
 *
 * @example
 * await registerUnsubscribeRoute(app, core.links, core.users);
 */
export async function registerUnsubscribeRoute(app: FastifyInstance, links: UnsubscribeVerifier, users: UserDirectory): Promise<void> {
  await app.register(async (scope) => {
    // HTML forms post urlencoded; the parser lives in this scope only (JSON routes elsewhere keep refusing forms)
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: FORM_LIMIT_BYTES },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    /** The link's user (loaded once, for the opt-out too) when `u` and `t` are a valid signed link. */
    const validLink = async (value: unknown): Promise<{ u: string; t: string; user: UserProfile } | undefined> => {
      const { u, t } = (value ?? {}) as { u?: unknown; t?: unknown };
      if (typeof u !== 'string' || typeof t !== 'string' || !links.verify(u, t)) return undefined;
      const user = await users.get(u);
      return user ? { u, t, user } : undefined;
    };
    scope.get('/unsubscribe', async (request, reply) => {
      const link = await validLink(request.query);
      if (!link) return invalid(htmlReply(reply));
      const form =
        `<form method="post" action="unsubscribe"><input type="hidden" name="u" value="${escapeHtml(link.u)}">` +
        `<input type="hidden" name="t" value="${escapeHtml(link.t)}"><button type="submit" style="font-size:1rem;padding:.5rem 1.5rem">确认退订</button></form>`;
      return htmlReply(reply).send(
        unsubscribePage('退订店铺消息', '确认后，您将不再收到本店的主动消息（订单提醒、活动推送等）。在聊天里找客服不受影响。', form),
      );
    });
    scope.post('/unsubscribe', async (request, reply) => {
      const link = await validLink(request.body);
      if (!link) return invalid(htmlReply(reply));
      await users.update(link.u, { optedOut: true, tags: Array.from(new Set([...link.user.tags, 'unsubscribed'])) });
      request.log.info({ userId: link.u }, 'shopper unsubscribed by link');
      return htmlReply(reply).send(
        unsubscribePage('已退订', '您已退订店铺的主动消息，之后不会再收到提醒和活动推送。有问题随时在聊天里找我们～'),
      );
    });
  });
}

/** An HTML answer that is neither cached nor passes the signed link on as a Referer. */
function htmlReply(reply: FastifyReply): FastifyReply {
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
}

function invalid(reply: FastifyReply): FastifyReply {
  return reply.status(403).send(unsubscribePage('链接无效', '这个退订链接不完整或已失效，请直接在聊天里回复“退订”。'));
}
