import { entryEvents } from '../../src/profiles/stream-events';

describe('reading stream entries (single and packed)', () => {
  it('a packed entry with an empty or non-array `b` is one problem item (dropped and acknowledged, not left pending)', () => {
    for (const b of ['[]', '{}', 'not json']) {
      const items = entryEvents('kefu:events:p:0', '1764000000000-0', ['b', b]);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ id: '1764000000000-0', problem: expect.stringMatching(/field b/) });
    }
  });

  it('a packed entry gives each event with its outreach flag', () => {
    const events = [
      { id: 'a', type: 'page_view', userId: 'u1', at: 1, payload: {} },
      { id: 'b', type: 'page_view', userId: 'u1', at: 2, payload: {} },
    ];
    const items = entryEvents('kefu:events:p:0', '1764000000000-0', ['b', JSON.stringify(events), 'o', '01']);
    expect(items.map((i) => [i.event?.id, i.outreachDone])).toEqual([
      ['a', false],
      ['b', true],
    ]);
  });
});
