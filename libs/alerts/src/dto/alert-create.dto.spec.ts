import { AlertCreateDto } from './alert-create.dto';
import { toAlertContent } from './alert-dto.mapper';
import { validateInput } from './input-validation.util';
import { contentProblems } from '../content/alert-content.check';
import { aCreateBody } from '../testing/alert.fixtures';

async function errorsOf(body: Record<string, unknown>): Promise<string[]> {
  const result = await validateInput(AlertCreateDto, body);
  return result.ok ? [] : result.errors;
}

const textsWith = (el: Record<string, unknown>) => ({
  el: { description: 'Η Μαρία είναι 7 ετών.', circumstances: 'Εθεάθη.', ...el },
  en: { description: 'Maria is 7.', circumstances: 'Seen.' },
});

describe(AlertCreateDto.name, () => {
  it('accepts a complete body and maps it to sound content with the default expiry', async () => {
    const result = await validateInput(AlertCreateDto, aCreateBody());
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const now = new Date();

    const content = toAlertContent(result.value, { now, defaultExpiryHours: 24 });

    expect(content.expiresAt).toEqual(new Date(now.getTime() + 24 * 3_600_000));
    expect(content.texts).toEqual({
      el: { description: 'Η Μαρία είναι 7 ετών.', circumstances: 'Εθεάθη να μπαίνει σε ασημί αυτοκίνητο.' },
      en: { description: 'Maria is 7.', circumstances: 'She was seen getting into a silver car.' },
    });
    expect(content.vehicle).toEqual({ colour: 'silver', plate: 'ΙΚΥ-1234' });
    expect(content.exercise).toBe(false);
    expect(contentProblems(content, now)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['an unknown field', { colour: 'red' }, ['property colour should not exist']],
    [
      'an unknown nested field',
      { child: { name: 'M', age: 7, sex: 'female', nickname: 'Mimi' } },
      ['child.property nickname should not exist'],
    ],
    [
      'an unknown field in a language entry',
      { texts: textsWith({ summary: 'x' }) },
      ['texts.el.property summary should not exist'],
    ],
    [
      'a headline too long for push',
      { texts: textsWith({ headline: 'x'.repeat(141) }) },
      ['texts.el.headline must be at most 140 characters: push notifications and social posts cut it'],
    ],
    [
      'a description too long',
      { texts: textsWith({ description: 'x'.repeat(2001) }) },
      [
        'texts.el.description must be at most 2000 characters: e-mail, the alert page and broadcasters show at most that',
      ],
    ],
    [
      'a missing description',
      { texts: textsWith({ description: undefined }) },
      ['texts.el.description is required and must be text'],
    ],
    [
      'texts that do not match languages',
      { languages: ['el', 'en', 'sq'] },
      ['languages and texts must name the same languages: no texts for sq'],
    ],
    [
      'texts of an unlisted language',
      { languages: ['el'] },
      ['languages and texts must name the same languages: texts for en, which languages does not list'],
    ],
    [
      'a language that is not ISO 639-1',
      { languages: ['el', 'english'], texts: { el: textsWith({}).el, english: textsWith({}).en } },
      ['languages must hold ISO 639-1 codes such as el, en'],
    ],
    [
      'a child of 18',
      { child: { name: 'M', age: 18, sex: 'female' } },
      ['child.age must be from 0 to 17: AMBER alerts are for children under 18'],
    ],
    [
      'an age as text',
      { child: { name: 'M', age: '7', sex: 'female' } },
      ['child.age must be a whole number of years'],
    ],
    ['a missing child', { child: undefined }, ['child is required']],
    [
      'texts as a list',
      { texts: ['x'] },
      ['texts must be an object keyed by language code, e.g. { "el": { ... } }'],
    ],
    [
      'a language entry as text',
      { texts: { el: 'x', en: textsWith({}).en } },
      ['texts.el must be an object with description and circumstances'],
    ],
    [
      'several mistakes in texts at once',
      {
        languages: ['el', 'en', 'sq'],
        texts: { el: 'x', en: { description: 'd', circumstances: 'c', headline: 'h'.repeat(141) } },
      },
      [
        'languages and texts must name the same languages: no texts for sq',
        'texts.el must be an object with description and circumstances',
        'texts.en.headline must be at most 140 characters: push notifications and social posts cut it',
      ],
    ],
    [
      'an unknown field beside a nested mistake',
      { child: { name: 'M', age: 99, sex: 'female', nickname: 'Mimi' } },
      [
        'child.property nickname should not exist',
        'child.age must be from 0 to 17: AMBER alerts are for children under 18',
      ],
    ],
    [
      'a latitude out of range',
      { lastSeen: { at: '2026-01-01T10:00:00Z', place: { lat: 95, lon: 23, address: 'x' } } },
      ['lastSeen.place.lat must be between -90 and 90'],
    ],
    [
      'a last-seen time without a zone',
      { lastSeen: { at: '2026-01-01T10:00:00', place: { lat: 37, lon: 23, address: 'x' } } },
      ['lastSeen.at must be an ISO 8601 date-time with a time zone, e.g. 2026-03-01T14:30:00+02:00'],
    ],
    [
      'a last-seen time in the future',
      {
        lastSeen: {
          at: new Date(Date.now() + 3_600_000).toISOString(),
          place: { lat: 37, lon: 23, address: 'x' },
        },
      },
      ['lastSeen.at must not be in the future'],
    ],
    ['an expiry in the past', { expiresAt: '2020-01-01T00:00:00Z' }, ['expiresAt must be in the future']],
    [
      'an expiry years ahead',
      { expiresAt: '2099-01-01T00:00:00Z' },
      ['expiresAt must be at most 30 days ahead: publish an update to extend an alert'],
    ],
    ['an empty vehicle', { vehicle: {} }, ['vehicle must give at least one of make, model, colour, plate']],
    [
      'a bad phone number',
      { policeContact: { unit: 'u', phone: 'call us' } },
      ['policeContact.phone must be a phone number as dialled, e.g. +30 210 000 0000'],
    ],
    [
      'a photo id that is not one',
      { photoIds: ['../../etc/passwd'] },
      ['photoIds must hold ids returned by the photo upload'],
    ],
    [
      'a radius too large',
      { area: { kind: 'circle', lat: 37, lon: 23, radiusKm: 5000 } },
      ['area.radiusKm must be from 0.1 to 1000 km'],
    ],
    [
      'a circle without a centre',
      { area: { kind: 'circle', radiusKm: 5 } },
      ['area.lat must be a number (decimal degrees)', 'area.lon must be a number (decimal degrees)'],
    ],
    [
      'points on a circle',
      {
        area: {
          kind: 'circle',
          lat: 37,
          lon: 23,
          radiusKm: 5,
          points: [
            [0, 0],
            [0, 1],
            [1, 1],
            [0, 0],
          ],
        },
      },
      ["area.points is only allowed when kind is 'polygon'"],
    ],
    [
      'an open polygon',
      {
        area: {
          kind: 'polygon',
          points: [
            [38, 23],
            [38, 24],
            [37, 24],
            [37, 23],
          ],
        },
      },
      ['area.points is not closed: the last point must repeat the first'],
    ],
    [
      'a polygon of three points',
      {
        area: {
          kind: 'polygon',
          points: [
            [38, 23],
            [38, 24],
            [38, 23],
          ],
        },
      },
      [
        'area.points has 3 points: a polygon needs at least 4 (three corners and the first point again to close it)',
      ],
    ],
    [
      'a self-intersecting polygon',
      {
        area: {
          kind: 'polygon',
          points: [
            [38, 23],
            [37, 24],
            [37, 23],
            [38, 24],
            [38, 23],
          ],
        },
      },
      ['area.points crosses itself: edge 1 (points 1→2) crosses edge 3 (points 3→4)'],
    ],
    [
      'a polygon point out of range',
      {
        area: {
          kind: 'polygon',
          points: [
            [38, 23],
            [38, 200],
            [37, 24],
            [38, 23],
          ],
        },
      },
      ['area.points point 2 has longitude 200: it must be between -180 and 180'],
    ],
    [
      'a region code that is not ISO 3166',
      { area: { kind: 'regions', codes: ['Attica'] } },
      ['area.codes must hold ISO 3166-1 alpha-2 or ISO 3166-2 codes such as GR or GR-I'],
    ],
    [
      'an unknown area kind',
      { area: { kind: 'everywhere' } },
      ['area.kind must be one of circle, polygon, regions'],
    ],
    [
      'a destination that is not a country code',
      { destinationCountries: ['Albania'] },
      ['destinationCountries must hold ISO 3166-1 alpha-2 codes such as AL, BG'],
    ],
  ])('refuses %s', async (_name, overrides, expected) => {
    expect(await errorsOf(aCreateBody(overrides))).toEqual(expected);
  });

  it('accepts a closed, simple polygon and region codes', async () => {
    expect(
      await errorsOf(
        aCreateBody({
          area: {
            kind: 'polygon',
            points: [
              [38, 23],
              [38, 24],
              [37, 24],
              [37, 23],
              [38, 23],
            ],
          },
        }),
      ),
    ).toEqual([]);
    expect(await errorsOf(aCreateBody({ area: { kind: 'regions', codes: ['GR-I', 'GR'] } }))).toEqual([]);
  });

  it('refuses a body that is not an object', async () => {
    expect(await validateInput(AlertCreateDto, [1, 2])).toEqual({
      ok: false,
      errors: ['the body must be a JSON object'],
    });
  });
});
