import { KefuError } from '../../../src/index';
import type { LiveRoomConfig } from '../rooms-file';

/**
 * Sends a danmaku as Bilibili's web client does: a form POST (msg, roomid, rnd, color, fontsize, mode, csrf) with the
 * login cookie. Throws KefuError when the platform refuses (non-2xx or a non-zero `code`).
 */
export function httpDanmakuSender(send: NonNullable<LiveRoomConfig['send']>, roomId: string): (text: string) => Promise<void> {
  return async (text) => {
    const form = new URLSearchParams({
      msg: text,
      roomid: roomId,
      rnd: String(Math.floor(Date.now() / 1000)),
      color: '16777215',
      fontsize: '25',
      mode: '1',
      bubble: '0',
      csrf: send.csrf ?? '',
      csrf_token: send.csrf ?? '',
    });
    const res = await fetch(send.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(send.cookie ? { cookie: send.cookie } : {}) },
      body: form,
      signal: AbortSignal.timeout(5000),
    });
    const data = (await res.json().catch(() => ({}))) as { code?: number; message?: string };
    if (!res.ok || (data.code ?? 0) !== 0)
      throw new KefuError(
        'LIVE_SEND_REFUSED',
        `The live room refused the answer (HTTP ${res.status}, code ${data.code ?? '-'}).`,
        'check the room send cookie and csrf (send.cookie_env, send.csrf_env) and the 20/40-character limit.',
      );
  };
}
