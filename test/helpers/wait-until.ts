/**
 * Poll until `check()` holds (no fixed sleeps); after `timeoutMs` fail with what `seen()` describes.
 *
 * @example
 * await waitUntil(() => fake.sends.length > 0, () => fake.sends, 10_000);
 */
export async function waitUntil(check: () => boolean, seen: () => unknown, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      const what = await seen();
      throw new Error(`timed out: ${typeof what === 'string' ? what : `saw ${JSON.stringify(what)}`}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Read `read()` every 100 ms until `ok` accepts the value, and return it; after `ms` fail naming `what` and the
 * last value read. For checks that need an await (Redis, HTTP).
 *
 * @example
 * await pollUntil(() => redis.exists(key), (n) => n === 0, 2000, 'the key to expire');
 */
export async function pollUntil<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms: number, what: string): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
