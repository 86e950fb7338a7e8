import { createHash } from 'node:crypto';
import type { CapInfoInput, CapMessageInput, CapReference, CapStatus } from '@childalert/cap';

/**
 * Test data: CAP messages for a child abduction as the alerts lib will
 * publish them (category Rescue, event Child Abduction, Immediate / Severe /
 * Likely, one info per language, a photo with its SHA-1, circle + polygon +
 * geocode areas, the alert id as a parameter). Not the domain mapper: that
 * lives in libs/alerts.
 */

export const CHILD_ALERT_SENDER = 'alerts@amber-alert.example.gr';
/** Fixed bytes standing in for the photo; its SHA-1 goes into `resource/digest`. */
export const CHILD_PHOTO_BYTES = Buffer.from('not really a jpeg, but stable bytes for a digest');
export const CHILD_PHOTO_SHA1 = createHash('sha1').update(CHILD_PHOTO_BYTES).digest('hex');

export interface ChildAbductionCapOptions {
  alertId?: string;
  version?: number;
  msgType?: 'Alert' | 'Update' | 'Cancel';
  status?: CapStatus;
  sent?: Date;
  /** Earlier messages of the same alert (required for Update and Cancel). */
  references?: CapReference[];
  languages?: ('el' | 'en')[];
  /** Replaces the English description (e.g. text with markup characters). */
  descriptionEn?: string;
}

/** The reference an Update or Cancel makes to an earlier message. */
export function referenceTo(msg: Pick<CapMessageInput, 'sender' | 'identifier' | 'sent'>): CapReference {
  return { sender: msg.sender, identifier: msg.identifier, sent: msg.sent };
}

export function childAbductionCap(options: ChildAbductionCapOptions = {}): CapMessageInput {
  const alertId = options.alertId ?? '0b6f1c9e-4d7a-4f55-9a3e-2f7d1c3b8a10';
  const version = options.version ?? 1;
  const msgType = options.msgType ?? 'Alert';
  const sent = options.sent ?? new Date(Date.UTC(2026, 10, 23, 15, 4, 5) + (version - 1) * 3_600_000);
  const expires = new Date(sent.getTime() + 72 * 3_600_000);
  const infos = (options.languages ?? ['el', 'en']).map((language) =>
    info(language, alertId, expires, msgType, options.descriptionEn),
  );
  return {
    identifier: `${alertId}.v${version}`,
    sender: CHILD_ALERT_SENDER,
    sent,
    status: options.status ?? 'Actual',
    msgType,
    scope: 'Public',
    references: options.references ?? [],
    incidents: [alertId],
    infos,
  };
}

function info(
  language: 'el' | 'en',
  alertId: string,
  expires: Date,
  msgType: 'Alert' | 'Update' | 'Cancel',
  descriptionEn: string | undefined,
): CapInfoInput {
  const el = language === 'el';
  return {
    language,
    category: ['Rescue'],
    event: el ? 'Απαγωγή παιδιού' : 'Child Abduction',
    responseType: msgType === 'Cancel' ? ['AllClear'] : ['Monitor'],
    urgency: msgType === 'Cancel' ? 'Past' : 'Immediate',
    severity: msgType === 'Cancel' ? 'Minor' : 'Severe',
    certainty: msgType === 'Cancel' ? 'Observed' : 'Likely',
    eventCode: [{ valueName: 'SAME', value: 'CAE' }],
    expires,
    senderName: el ? 'Χαμόγελο του Παιδιού' : 'The Smile of the Child',
    headline: el
      ? 'AMBER ALERT: Εξαφάνιση 8χρονου αγοριού στην Αθήνα'
      : 'AMBER ALERT: 8-year-old boy abducted in Athens',
    description: el
      ? 'Ο Νίκος, 8 ετών, 1,30 μ., καστανά μαλλιά, φορούσε κόκκινο μπουφάν. Όχημα: ασημί Toyota Yaris, ΙΚΤ-1234.'
      : (descriptionEn ??
        'Nikos, 8, 1.30 m, brown hair, wearing a red jacket. Vehicle: silver Toyota Yaris, plate IKT-1234.'),
    instruction: el
      ? 'Μην πλησιάσετε. Καλέστε αμέσως το 116 000 ή το 100.'
      : 'Do not approach. Call 116 000 or 100 immediately.',
    web: `https://amber-alert.example.gr/alerts/${alertId}`,
    contact: el ? 'Γραμμή 116 000 · Ελληνική Αστυνομία 100' : 'Hotline 116 000 · Hellenic Police 100',
    parameters: [
      { valueName: 'alertId', value: alertId },
      { valueName: 'hotline', value: '116000' },
    ],
    resources: [
      {
        resourceDesc: el ? 'Φωτογραφία του παιδιού' : 'Photo of the child',
        mimeType: 'image/jpeg',
        size: CHILD_PHOTO_BYTES.length,
        uri: `https://amber-alert.example.gr/alerts/${alertId}/photo.jpg`,
        digest: CHILD_PHOTO_SHA1,
      },
    ],
    areas: [
      {
        areaDesc: el ? 'Αττική, 50 χλμ. από το σημείο εξαφάνισης' : 'Attica, 50 km from the last-seen place',
        polygons: [
          [
            [38.2, 23.4],
            [38.2, 24.1],
            [37.7, 24.1],
            [37.7, 23.4],
            [38.2, 23.4],
          ],
        ],
        circles: [{ lat: 37.9838, lon: 23.7275, radiusKm: 50 }],
        geocodes: [{ valueName: 'NUTS2', value: 'EL30' }],
      },
    ],
  };
}

/** Every kind of message the alert lifecycle publishes, plus the awkward cases. */
export function capMessageCases(): [name: string, message: CapMessageInput][] {
  const alert = childAbductionCap();
  const update = childAbductionCap({ version: 2, msgType: 'Update', references: [referenceTo(alert)] });
  const secondUpdate = childAbductionCap({
    version: 3,
    msgType: 'Update',
    references: [referenceTo(alert), referenceTo(update)],
  });
  const cancel = childAbductionCap({
    version: 4,
    msgType: 'Cancel',
    references: [referenceTo(alert), referenceTo(update), referenceTo(secondUpdate)],
  });
  const everything: CapMessageInput = {
    ...childAbductionCap({ languages: ['en'] }),
    source: 'Hellenic Police',
    scope: 'Private',
    addresses: ['partner-bg', 'partner ro'],
    codes: ['profile:AMBER:1.0'],
    note: 'Full element coverage',
  };
  everything.infos[0] = {
    ...everything.infos[0],
    audience: 'general public',
    effective: new Date('2026-11-23T15:00:00Z'),
    onset: new Date('2026-11-23T14:00:00Z'),
    resources: [{ ...everything.infos[0].resources[0], derefUri: 'aGVsbG8=' }],
    areas: [{ ...everything.infos[0].areas[0], altitude: 0, ceiling: 30000.5 }],
  };
  return [
    ['Alert (el + en)', alert],
    ['Update with one reference', update],
    ['Update with two references', secondUpdate],
    ['Cancel', cancel],
    ['Exercise', childAbductionCap({ status: 'Exercise' })],
    [
      'markup characters, Greek and Cyrillic',
      childAbductionCap({ descriptionEn: `A & B < C > D "E" 'F' Ωμέγα Жёлтый` }),
    ],
    ['every optional element', everything],
  ];
}
