import { formatAtomDate, formatCapDate, parseCapDate } from './cap-date.util';

describe(formatCapDate.name, () => {
  const sut = formatCapDate;

  it('writes UTC with an explicit +00:00 offset, no Z and no fractions', () => {
    expect(sut(new Date('2026-11-23T15:04:05.987Z'))).toBe('2026-11-23T15:04:05+00:00');
  });

  it('pads every field', () => {
    expect(sut(new Date(Date.UTC(987, 0, 2, 3, 4, 5)))).toBe('0987-01-02T03:04:05+00:00');
  });

  it('refuses an invalid Date', () => {
    expect(() => sut(new Date('nope'))).toThrow(RangeError);
  });
});

describe(parseCapDate.name, () => {
  const sut = parseCapDate;

  it.each([
    ['2026-11-23T15:04:05+00:00', '2026-11-23T15:04:05.000Z'],
    ['2003-06-11T20:56:00-07:00', '2003-06-12T03:56:00.000Z'],
    ['2026-01-01T01:30:00+02:00', '2025-12-31T23:30:00.000Z'],
    ['2026-11-23T15:04:05-00:00', '2026-11-23T15:04:05.000Z'],
    ['  2026-11-23T15:04:05+05:30\n', '2026-11-23T09:34:05.000Z'],
  ])('reads %j as the instant %s', (text, iso) => {
    expect(sut(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '2026-11-23T15:04:05Z',
    '2026-11-23T15:04:05.123+00:00',
    '2026-11-23T15:04:05',
    '2026-02-30T10:00:00+00:00',
    '2026-11-23T24:00:00+00:00',
    '2026-11-23T15:04:05+15:00',
    '2026-11-23 15:04:05+00:00',
  ])('refuses %j', (text) => {
    expect(sut(text)).toBeUndefined();
  });

  it('reads back what formatCapDate writes', () => {
    const date = new Date('2031-07-04T23:59:59Z');
    expect(sut(formatCapDate(date))).toEqual(date);
  });
});

describe(formatAtomDate.name, () => {
  it('writes RFC 3339 UTC with whole seconds', () => {
    expect(formatAtomDate(new Date('2026-11-23T15:04:05.250Z'))).toBe('2026-11-23T15:04:05Z');
  });
});
