import type { AlertContentPatch } from '../content/alert-content.patch';
import type {
  AlertContent,
  ChildDescription,
  Suspect,
  TargetArea,
  Vehicle,
} from '../model/alert-content.types';
import type { CriteriaConfirmation, ProsecutorOrder } from '../model/alert.types';
import type { AlertCreateDto } from './alert-create.dto';
import type { AlertPatchDto } from './alert-patch.dto';
import type { AlertValidateDto } from './alert-validate.dto';
import { parseIsoDateTime } from './input-validators';
import type { TargetAreaDto } from './target-area.dto';

export interface ContentDefaults {
  now: Date;
  /** The configured alert lifetime, used when the author gives no expiry. */
  defaultExpiryHours: number;
}

/** A validated create DTO as domain content (plain data, Dates, no undefined members). */
export function toAlertContent(dto: AlertCreateDto, defaults: ContentDefaults): AlertContent {
  return {
    child: compact<ChildDescription>({ ...dto.child }),
    photoIds: [...(dto.photoIds ?? [])],
    lastSeen: {
      at: toDate(dto.lastSeen.at),
      place: {
        lat: dto.lastSeen.place.lat,
        lon: dto.lastSeen.place.lon,
        address: dto.lastSeen.place.address,
      },
    },
    suspects: (dto.suspects ?? []).map((suspect) => compact<Suspect>({ ...suspect })),
    ...(dto.vehicle ? { vehicle: compact<Vehicle>({ ...dto.vehicle }) } : {}),
    policeContact: { unit: dto.policeContact.unit, phone: dto.policeContact.phone },
    languages: [...dto.languages],
    texts: textsRecord(dto.texts),
    area: toTargetArea(dto.area),
    expiresAt: dto.expiresAt
      ? toDate(dto.expiresAt)
      : new Date(defaults.now.getTime() + defaults.defaultExpiryHours * 3_600_000),
    exercise: dto.exercise ?? false,
    destinationCountries: [...(dto.destinationCountries ?? [])],
  };
}

/** A validated patch DTO as a domain merge patch (nulls kept: they remove). */
export function toContentPatch(dto: AlertPatchDto): AlertContentPatch {
  const patch: AlertContentPatch = {};
  if (dto.child !== undefined) patch.child = { ...dto.child };
  if (dto.photoIds !== undefined) patch.photoIds = [...dto.photoIds];
  if (dto.lastSeen !== undefined) {
    patch.lastSeen = {
      ...(dto.lastSeen.at !== undefined ? { at: toDate(dto.lastSeen.at) } : {}),
      ...(dto.lastSeen.place !== undefined ? { place: { ...dto.lastSeen.place } } : {}),
    };
  }
  if (dto.suspects !== undefined)
    patch.suspects = dto.suspects.map((suspect) => compact<Suspect>({ ...suspect }));
  if (dto.vehicle !== undefined) patch.vehicle = dto.vehicle === null ? null : { ...dto.vehicle };
  if (dto.policeContact !== undefined) patch.policeContact = { ...dto.policeContact };
  if (dto.languages !== undefined) patch.languages = [...dto.languages];
  if (dto.texts !== undefined) patch.texts = textsRecord(dto.texts);
  if (dto.area !== undefined) patch.area = toTargetArea(dto.area);
  if (dto.expiresAt !== undefined) patch.expiresAt = toDate(dto.expiresAt);
  if (dto.destinationCountries !== undefined) patch.destinationCountries = [...dto.destinationCountries];
  return patch;
}

export function toTargetArea(dto: TargetAreaDto): TargetArea {
  switch (dto.kind) {
    case 'circle':
      return { kind: 'circle', lat: dto.lat!, lon: dto.lon!, radiusKm: dto.radiusKm! };
    case 'polygon':
      return { kind: 'polygon', points: dto.points!.map(([lat, lon]) => [lat, lon]) };
    case 'regions':
      return { kind: 'regions', codes: [...dto.codes!] };
  }
}

/** Map (from class-transformer) or plain object → plain record of plain objects. */
function textsRecord<T extends object>(texts: Map<string, T> | Record<string, T>): Record<string, T> {
  const entries = texts instanceof Map ? [...texts.entries()] : Object.entries(texts);
  return Object.fromEntries(
    entries.map(([language, value]) => [language, compact<T>({ ...(value as Record<string, unknown>) })]),
  );
}

function toDate(value: string): Date {
  const date = parseIsoDateTime(value);
  if (!date) throw new TypeError(`not an ISO 8601 date-time: ${value} (validate the DTO first)`);
  return date;
}

/** Drops undefined members so the content hashes the same however it was built. */
function compact<T extends object>(value: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}

/** A validated validate DTO as the domain's criteria and prosecutor's order. */
export function toValidationInput(dto: AlertValidateDto): {
  criteria: CriteriaConfirmation;
  prosecutorOrder: ProsecutorOrder;
} {
  const order = dto.prosecutorOrder;
  return {
    criteria: {
      childUnder18: dto.criteria.childUnder18,
      abductionBelieved: dto.criteria.abductionBelieved,
      imminentDanger: dto.criteria.imminentDanger,
      sufficientDescription: dto.criteria.sufficientDescription,
      familyConsent: dto.criteria.familyConsent,
    },
    prosecutorOrder: {
      reference: order.reference,
      issuingOffice: order.issuingOffice,
      issuedAt: toDate(order.issuedAt),
      ...(order.documentId !== undefined ? { documentId: order.documentId } : {}),
    },
  };
}
