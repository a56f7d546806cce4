import { UnreleasedClaims } from '../../src/bot/middleware/unreleased-claims';

// A claim this process could not release counts as its own only while its lease is surely live, and once.

describe('UnreleasedClaims', () => {
  it('gives a remembered claim back once, while its lease is surely still ours', () => {
    let now = 1_000;
    const claims = new UnreleasedClaims(30_000, 5_000, () => now);
    claims.remember('web:-:m1', 1_000);
    now = 20_000;
    expect(claims.take('web:-:m1')).toBe(1_000);
    expect(claims.take('web:-:m1')).toBeUndefined(); // used up
    expect(claims.take('web:-:m2')).toBeUndefined(); // never remembered
  });

  it('stops counting a claim as ours before its lease lapses (another process may take it after)', () => {
    let now = 1_000;
    const claims = new UnreleasedClaims(30_000, 5_000, () => now);
    claims.remember('web:-:m1', 1_000);
    now = 26_000; // 25 s after the claim: within the 5 s margin before the lease's end
    expect(claims.take('web:-:m1')).toBeUndefined();
  });
});
