import { buildCapXml, parseCap, validateCapBatch, type CapMessageInput } from '@childalert/cap';
import {
  capReferencesOf,
  toCapMessage,
  type CapMappingOptions,
  type PhotoDescriptor,
} from './alert-cap.mapper';
import { capIdentifierOf } from '../model/alert-identity';
import type { Alert, AlertVersion } from '../model/alert.types';
import { transition } from '../lifecycle/alert-lifecycle';
import {
  ACTORS,
  FIXTURE_NOW,
  FIXTURE_PHOTO_ID,
  anAlertContent,
  anAlertIn,
  confirmationFor,
  expectOk,
} from '../testing/alert.fixtures';

const SENDER = 'alerts@amber.example.gr';
const PHOTO: PhotoDescriptor = {
  id: FIXTURE_PHOTO_ID,
  mimeType: 'image/jpeg',
  size: 48_213,
  sha1: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
  uri: `https://amber.example.gr/photos/${FIXTURE_PHOTO_ID}/email.jpg`,
};

function optionsFor(alert: Alert, sent = FIXTURE_NOW): CapMappingOptions {
  const earlier = alert.publications.filter((p) => p.version < alert.live!.version);
  return {
    sender: SENDER,
    sent,
    publicBaseUrl: 'https://amber.example.gr/',
    previousMessages: capReferencesOf(earlier, SENDER),
    photos: [PHOTO],
    timeZone: 'Europe/Athens',
  };
}

/** The live version of an alert brought through the lifecycle, as CAP. */
function capOf(alert: Alert): CapMessageInput {
  return toCapMessage(alert.live as AlertVersion, optionsFor(alert));
}

function resolved(exercise = false): Alert {
  const active = anAlertIn('ACTIVE', anAlertContent({ exercise }));
  return expectOk(
    transition(
      active,
      { type: 'resolve', confirmation: confirmationFor(active, { type: 'resolve' }, ACTORS.operator) },
      ACTORS.operator,
      FIXTURE_NOW,
    ),
  );
}

function cancelled(): Alert {
  const active = anAlertIn('ACTIVE');
  return expectOk(
    transition(
      active,
      {
        type: 'cancel',
        reason: 'false report',
        confirmation: confirmationFor(active, { type: 'cancel' }, ACTORS.operator),
      },
      ACTORS.operator,
      FIXTURE_NOW,
    ),
  );
}

function updated(): Alert {
  const waiting = anAlertIn('ACTIVE+VALIDATED');
  return expectOk(
    transition(
      waiting,
      {
        type: 'publish_update',
        confirmation: confirmationFor(waiting, { type: 'publish_update' }, ACTORS.operator),
      },
      ACTORS.operator,
      FIXTURE_NOW,
    ),
  );
}

describe('toCapMessage', () => {
  it('maps the first activation to a CAP Alert with one info per language', () => {
    const alert = anAlertIn('ACTIVE');
    const sut = capOf(alert);

    expect(sut).toMatchObject({
      identifier: capIdentifierOf(alert.id, 1),
      sender: SENDER,
      sent: FIXTURE_NOW,
      status: 'Actual',
      msgType: 'Alert',
      scope: 'Public',
      references: [],
      incidents: [alert.id],
    });
    expect(sut.infos.map((info) => info.language)).toEqual(['el', 'en']);
    const en = sut.infos[1];
    expect(en).toMatchObject({
      category: ['Rescue'],
      event: 'Child Abduction',
      responseType: ['Monitor'],
      urgency: 'Immediate',
      severity: 'Severe',
      certainty: 'Likely',
      eventCode: [{ valueName: 'SAME', value: 'CAE' }],
      expires: anAlertContent().expiresAt,
      headline: 'Maria, 7, taken in a silver Toyota Yaris in Athens',
      instruction:
        'If you see the child, the suspect or the vehicle, call 116 000 or the police on +30 210 000 0000 immediately. Do not intervene yourself.',
      web: `https://amber.example.gr/alerts/${alert.id}`,
      contact:
        'Attica Police, Missing Persons Unit: +30 210 000 0000 · Hotline for missing children: 116 000',
      parameters: [
        { valueName: 'childalert:alertId', value: alert.id },
        { valueName: 'childalert:version', value: '1' },
      ],
      resources: [
        {
          resourceDesc: 'Photo of the child',
          mimeType: 'image/jpeg',
          size: 48_213,
          uri: PHOTO.uri,
          digest: PHOTO.sha1,
        },
      ],
      areas: [
        {
          areaDesc: 'Within 50 km of 37.9838, 23.7275',
          polygons: [],
          circles: [{ lat: 37.9838, lon: 23.7275, radiusKm: 50 }],
          geocodes: [],
        },
      ],
    });
    expect(en.description).toContain('Maria is 7, with long brown hair.');
    expect(en.description).toContain('Last seen: 1 Mar 2026, 12:30, Omonoia Square, Athens');
    expect(sut.infos[0]).toMatchObject({
      event: 'Απαγωγή παιδιού',
      headline: 'Εξαφάνιση παιδιού: Maria Papadopoulou, 7',
    });
  });

  it('maps an update to a CAP Update referencing the first message', () => {
    const alert = updated();
    const sut = capOf(alert);
    expect(sut.msgType).toBe('Update');
    expect(sut.identifier).toBe(capIdentifierOf(alert.id, 2));
    expect(sut.references).toEqual([
      { sender: SENDER, identifier: capIdentifierOf(alert.id, 1), sent: FIXTURE_NOW },
    ]);
    expect(sut.infos[1].headline).toBe('UPDATE – Maria, 7, taken in a silver Toyota Yaris in Athens');
  });

  const endings: Record<string, () => Alert> = { resolution: () => resolved(), cancellation: cancelled };
  it.each([
    ['resolution', 'Update', 'FOUND SAFE', 'found_safe'],
    ['cancellation', 'Cancel', 'Alert cancelled', 'cancelled'],
  ])('maps a %s to a CAP %s without any personal data', (name, msgType, headline, outcome) => {
    const alert = endings[name]();
    const sut = capOf(alert);

    expect(sut).toMatchObject({ msgType, references: [{ identifier: capIdentifierOf(alert.id, 1) }] });
    expect(sut.infos[1]).toMatchObject({
      headline,
      responseType: ['AllClear'],
      urgency: 'Past',
      resources: [],
    });
    expect(sut.infos[1].parameters).toContainEqual({ valueName: 'childalert:outcome', value: outcome });
    const xml = buildCapXml(sut);
    for (const personal of [
      'Maria',
      'Μαρία',
      'Omonoia',
      'Toyota',
      'ΙΚΥ-1234',
      'grey beard',
      FIXTURE_PHOTO_ID,
      '+30 210',
    ]) {
      expect({ personal, found: xml.includes(personal) }).toEqual({ personal, found: false });
    }
  });

  it('labels an exercise everywhere', () => {
    const sut = capOf(anAlertIn('ACTIVE', anAlertContent({ exercise: true })));
    expect(sut.status).toBe('Exercise');
    expect(sut.note).toBe('This is an exercise. No child is missing.');
    expect(sut.infos.map((info) => info.headline)).toEqual([
      'ΑΣΚΗΣΗ – Εξαφάνιση παιδιού: Maria Papadopoulou, 7',
      'EXERCISE – Maria, 7, taken in a silver Toyota Yaris in Athens',
    ]);
    expect(sut.infos[1].description!.startsWith('This is an exercise. No child is missing.')).toBe(true);
  });

  it('writes polygons and region codes as CAP areas', () => {
    const polygon = anAlertIn(
      'ACTIVE',
      anAlertContent({
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
    );
    expect(capOf(polygon).infos[0].areas[0].polygons).toEqual([
      [
        [38, 23],
        [38, 24],
        [37, 24],
        [37, 23],
        [38, 23],
      ],
    ]);
    const regions = anAlertIn('ACTIVE', anAlertContent({ area: { kind: 'regions', codes: ['GR', 'GR-I'] } }));
    expect(capOf(regions).infos[1].areas[0]).toEqual({
      areaDesc: 'Regions GR, GR-I',
      polygons: [],
      circles: [],
      geocodes: [
        { valueName: 'ISO3166-1', value: 'GR' },
        { valueName: 'ISO3166-2', value: 'GR-I' },
      ],
    });
  });

  it('refuses an Update or Cancel without the messages it refers to', () => {
    const alert = cancelled();
    expect(() => toCapMessage(alert.live!, { ...optionsFor(alert), previousMessages: [] })).toThrow(
      `a CAP Cancel of alert ${alert.id} needs the earlier messages it refers to`,
    );
  });

  it('refuses a photo without a stored descriptor', () => {
    const alert = anAlertIn('ACTIVE');
    expect(() => toCapMessage(alert.live!, { ...optionsFor(alert), photos: [] })).toThrow(
      /has no stored descriptor/,
    );
  });

  it('produces messages that validate against the OASIS CAP 1.2 schema and read back the same', async () => {
    const alerts = [
      anAlertIn('ACTIVE'),
      anAlertIn(
        'ACTIVE',
        anAlertContent({
          exercise: true,
          area: { kind: 'regions', codes: ['GR-I'] },
          vehicle: undefined,
          suspects: [],
        }),
      ),
      anAlertIn(
        'ACTIVE',
        anAlertContent({
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
      updated(),
      resolved(),
      resolved(true),
      cancelled(),
      expectOk(
        transition(anAlertIn('ACTIVE'), { type: 'expire' }, ACTORS.system, anAlertContent().expiresAt),
      ),
    ];
    const messages = alerts.map((alert) => capOf(alert));
    const xmls = messages.map((message) => buildCapXml(message));

    const results = await validateCapBatch(xmls);

    expect(results).toEqual(xmls.map(() => ({ valid: true })));
    expect(parseCap(xmls[0])).toEqual(messages[0]);
  });
});
