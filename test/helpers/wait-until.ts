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
