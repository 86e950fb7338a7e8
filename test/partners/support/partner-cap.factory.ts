import { createHash } from 'node:crypto';
import type { CapMessageInput, CapReference } from '@childalert/cap';
import { childAbductionCap } from '../../cap/child-abduction-cap.factory';

export interface PartnerCapOptions {
  sender: string;
  /** The partner's alert id (CAP incident); identifiers are `<alertId>.v<version>`. */
  alertId: string;
  version: number;
  msgType?: 'Alert' | 'Update' | 'Cancel';
  references?: CapReference[];
  description?: string;
  lastSeen: { lat: number; lon: number; address: string; at: Date };
  /** A JPEG carried inline (derefUri), as our partner-worker sends photos. */
  photo?: Buffer;
}

/** Now, to the second (CAP dates carry no fractions). */
export const capNow = (offsetMs = 0): Date => new Date(Math.floor((Date.now() + offsetMs) / 1000) * 1000);

/**
 * A partner system's CAP message as our partner-worker writes them: the
 * prose of each info block plus the structured facts (`childalert:*`
 * parameters) a re-issue is made from, the area a circle around the last-seen place.
 */
export function partnerCap(options: PartnerCapOptions): CapMessageInput {
  const base = childAbductionCap({
    alertId: options.alertId,
    version: options.version,
    msgType: options.msgType ?? 'Alert',
    references: options.references ?? [],
    sent: capNow(options.version * 1000),
    languages: ['en'],
    ...(options.description ? { descriptionEn: options.description } : {}),
  });
  const { lastSeen } = options;
  const facts: [string, string][] = [
    ['childName', 'Nikos Papadopoulos'],
    ['childAge', '8'],
    ['childSex', 'male'],
    ['lastSeenAt', lastSeen.at.toISOString()],
    ['lastSeenLat', String(lastSeen.lat)],
    ['lastSeenLon', String(lastSeen.lon)],
    ['lastSeenAddress', lastSeen.address],
    ['policeUnit', 'Hellenic Police, Drama division'],
    ['policePhone', '+30 100'],
  ];
  return {
    ...base,
    sender: options.sender,
    infos: base.infos.map((info) => ({
      ...info,
      parameters: [
        ...info.parameters,
        ...facts.map(([name, value]) => ({ valueName: `childalert:${name}`, value })),
      ],
      resources: options.photo
        ? [
            {
              resourceDesc: 'Photo of the child',
              mimeType: 'image/jpeg',
              size: options.photo.length,
              derefUri: options.photo.toString('base64'),
              digest: createHash('sha1').update(options.photo).digest('hex'),
            },
          ]
        : [],
      areas: [
        {
          areaDesc: `30 km around ${lastSeen.address}`,
          polygons: [],
          circles: [{ lat: lastSeen.lat, lon: lastSeen.lon, radiusKm: 30 }],
          geocodes: [],
        },
      ],
    })),
  };
}
