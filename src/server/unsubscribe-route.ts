import type { FastifyInstance } from 'fastify';
import type { UserDirectory } from '../core/user';

/** Verifies a signed unsubscribe link (see src/outreach/unsubscribe-link.ts). */
export interface UnsubscribeVerifier {
  verify(userId: string, token: string): boolean;
}

const page = (title: string, body: string): string =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>` +
  `<body style="font-family:sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#333"><h1 style="font-size:1.3rem">${title}</h1><p>${body}</p></body></html>`;

/**
 * `GET /unsubscribe?u=<userId>&t=<token>`: the one-click opt-out link in proactive messages. A valid link
 * opts the shopper out of every proactive message on every channel and answers a short Chinese page;
 * a wrong or tampered link answers 403 and changes nothing.
 */
export function registerUnsubscribeRoute(app: FastifyInstance, links: UnsubscribeVerifier, users: UserDirectory): void {
  app.get('/unsubscribe', async (request, reply) => {
    const { u, t } = (request.query ?? {}) as { u?: string; t?: string };
    reply.type('text/html; charset=utf-8');
    if (typeof u !== 'string' || typeof t !== 'string' || !links.verify(u, t) || !(await users.get(u))) {
      return reply.status(403).send(page('链接无效', '这个退订链接不完整或已失效，请直接在聊天里回复“退订”。'));
    }
    const user = await users.get(u);
    await users.update(u, { optedOut: true, tags: Array.from(new Set([...(user?.tags ?? []), 'unsubscribed'])) });
    request.log.info({ userId: u }, 'shopper unsubscribed by link');
    return reply.send(page('已退订', '您已退订店铺的主动消息，之后不会再收到提醒和活动推送。有问题随时在聊天里找我们～'));
  });
}
