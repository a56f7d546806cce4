/** Default replay window: WeChat pushes older or newer than this (in seconds) are refused. */
export const DEFAULT_TIMESTAMP_WINDOW_SEC = 300;

/**
 * Replay protection: true when `timestamp` (Unix seconds, as WeChat sends it in the query) is
 * within `windowSec` of `nowSec`, in either direction. Anything that is not a plain decimal
 * number of seconds is not fresh.
 *
 * @example
 * if (!timestampFresh(q.timestamp, Math.floor(Date.now() / 1000))) reply.code(401).send();
 */
export function timestampFresh(timestamp: string | number, nowSec: number, windowSec: number = DEFAULT_TIMESTAMP_WINDOW_SEC): boolean {
  const text = String(timestamp).trim();
  if (!/^\d{1,12}$/.test(text) || !Number.isFinite(nowSec) || !(windowSec >= 0)) return false;
  return Math.abs(nowSec - Number(text)) <= windowSec;
}
