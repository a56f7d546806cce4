import { maskLogLine } from '../../../src/core/privacy';

// Every log line and message goes through the masker, so no input may make it quadratic. 100,000 characters
// of each shape take a few milliseconds; a quadratic pattern takes seconds to minutes (the old connection-URL
// pattern needed about 27 s for the first one). The bound is loose on purpose: it catches blow-ups, not noise.
describe('maskLogLine on adversarial input', () => {
  const n = 100_000;
  it.each([
    ['a run of letters', 'a'.repeat(n)],
    ['letters and digits', 'a1'.repeat(n / 2)],
    ['dotted labels', 'a.'.repeat(n / 2)],
    ['at signs', 'a@'.repeat(n / 2)],
    ['digits', '1'.repeat(n)],
    ['spaced digits', '1 '.repeat(n / 2)],
    ['full-width digits', '１'.repeat(n)],
    ['address suffixes', '市'.repeat(n)],
    ['address parts', '杭州市西湖区'.repeat(n / 6)],
    ['almost query strings', '?a=&'.repeat(n / 4)],
    ['almost JSON pairs', '"a":"'.repeat(n / 5)],
    ['almost headers', 'token: '.repeat(n / 7)],
  ])('%s', (_name, text) => {
    const started = performance.now();
    maskLogLine(text);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
