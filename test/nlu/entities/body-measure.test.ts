import { findBodyMeasure } from '../../../src/nlu/entities';

describe('findBodyMeasure', () => {
  test.each([
    ['weight', '75公斤', { value: 75, start: 0, end: 4 }],
    ['weight', '110', { value: 55, start: 0, end: 3 }],
    ['weight', '65', { value: 65, start: 0, end: 2 }],
    ['weight', '165 110斤', { value: 55, start: 4, end: 8 }],
    ['weight', '７５ｋｇ', { value: 75, start: 0, end: 4 }],
    ['height', '165 110斤', { value: 165, start: 0, end: 3 }],
    ['height', '110斤 1.68', { value: 168, start: 5, end: 9 }],
    ['height', '我一米七', { value: 170, start: 1, end: 4 }],
    ['height', '１６８', { value: 168, start: 0, end: 3 }],
  ] as const)('%s in %s', (kind, text, found) => {
    expect(findBodyMeasure(kind, text)).toEqual(found);
  });

  test.each([
    ['weight', '挺重的'],
    ['height', '身高保密'],
    ['weight', '168cm'],
  ] as const)('no %s in %s', (kind, text) => {
    expect(findBodyMeasure(kind, text)).toBeUndefined();
  });
});
