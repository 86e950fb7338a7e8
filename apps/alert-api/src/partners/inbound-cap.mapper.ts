import {
  type AlertContent,
  LIMITS,
  type LocalisedTexts,
  type Sex,
  SEXES,
  TEXT_LIMITS,
  type TargetArea,
} from '@childalert/alerts';
import type { CapInfoInput, ParsedCap } from '@childalert/cap';

export interface ReissueMaterial {
  content: AlertContent;
  /** The photo carried inside the message (derefUri), if any. */
  photo?: Buffer;
}

const cut = (text: string | undefined, max: number): string | undefined =>
  text === undefined ? undefined : text.length <= max ? text : `${text.slice(0, max - 1)}…`;

/**
 * A partner's CAP alert as the content of a local alert: the structured
 * facts from its `childalert:*` parameters (name, age, last seen, police),
 * the prose of each info block as the texts of its language, the area, the
 * expiry. Without those facts there is nothing sound to re-issue: the
 * problems say what is missing, and an operator drafts it by hand instead.
 */
export function reissueMaterialOf(
  cap: ParsedCap,
  partner: { name: string; country: string },
  now: Date,
): ReissueMaterial | { problems: string[] } {
  const info = cap.infos[0];
  if (info === undefined) return { problems: ['the message has no info block'] };
  const param = (name: string) => info.parameters.find((p) => p.valueName === `childalert:${name}`)?.value;
  const problems: string[] = [];
  const need = (name: string): string => {
    const value = param(name);
    if (value === undefined || value === '') problems.push(`parameter childalert:${name} is missing`);
    return value ?? '';
  };
  const name = need('childName');
  const age = Number(need('childAge'));
  const sexText = need('childSex');
  const lastSeenAt = new Date(need('lastSeenAt'));
  const lat = Number(need('lastSeenLat'));
  const lon = Number(need('lastSeenLon'));
  const address = need('lastSeenAddress');
  const unit = need('policeUnit');
  const phone = need('policePhone');
  if (problems.length > 0) return { problems };
  if (!Number.isInteger(age) || age < 0 || age > LIMITS.maxChildAge)
    problems.push('childalert:childAge is not a child’s age');
  if (Number.isNaN(lastSeenAt.getTime())) problems.push('childalert:lastSeenAt is not a date');
  if (!Number.isFinite(lat) || !Number.isFinite(lon))
    problems.push('childalert:lastSeenLat/Lon are not coordinates');
  if (problems.length > 0) return { problems };

  const texts: Record<string, LocalisedTexts> = {};
  const languages: string[] = [];
  for (const block of cap.infos) {
    const language = block.language.toLowerCase().split('-')[0];
    if (languages.includes(language) || !/^[a-z]{2}$/.test(language) || !block.description) continue;
    languages.push(language);
    texts[language] = textsOf(block, partner, cap.identifier);
  }
  if (languages.length === 0) return { problems: ['no info block carries a description'] };
  const expiresAt =
    info.expires && info.expires.getTime() > now.getTime()
      ? new Date(Math.min(info.expires.getTime(), now.getTime() + LIMITS.maxExpiryDays * 86_400_000 - 60_000))
      : new Date(now.getTime() + 24 * 3_600_000);
  const resource = info.resources.find((r) => r.derefUri !== undefined && r.mimeType.startsWith('image/'));
  return {
    content: {
      child: {
        name: cut(name, TEXT_LIMITS.childName.max)!,
        age,
        sex: (SEXES as readonly string[]).includes(sexText) ? (sexText as Sex) : 'unknown',
      },
      photoIds: [],
      lastSeen: { at: lastSeenAt, place: { lat, lon, address: cut(address, TEXT_LIMITS.address.max)! } },
      suspects: [],
      policeContact: { unit: cut(unit, TEXT_LIMITS.policeUnit.max)!, phone: cut(phone, 40)! },
      languages,
      texts,
      area: areaOf(info, { lat, lon }),
      expiresAt,
      exercise: cap.status === 'Exercise',
      destinationCountries: [],
    },
    ...(resource?.derefUri ? { photo: Buffer.from(resource.derefUri, 'base64') } : {}),
  };
}

function textsOf(
  block: CapInfoInput,
  partner: { name: string; country: string },
  identifier: string,
): LocalisedTexts {
  const areaDescription = cut(block.areas[0]?.areaDesc, TEXT_LIMITS.areaDescription.max);
  return {
    ...(block.headline ? { headline: cut(block.headline, TEXT_LIMITS.headline.max)! } : {}),
    description: cut(block.description, TEXT_LIMITS.description.max)!,
    circumstances: cut(
      `${partner.name} (${partner.country}), CAP ${identifier}`,
      TEXT_LIMITS.circumstances.max,
    )!,
    ...(block.instruction ? { instruction: cut(block.instruction, TEXT_LIMITS.instruction.max)! } : {}),
    ...(areaDescription ? { areaDescription } : {}),
  };
}

function areaOf(info: CapInfoInput, lastSeen: { lat: number; lon: number }): TargetArea {
  const area = info.areas[0];
  const circle = area?.circles[0];
  if (circle && circle.radiusKm >= LIMITS.minRadiusKm && circle.radiusKm <= LIMITS.maxRadiusKm)
    return { kind: 'circle', lat: circle.lat, lon: circle.lon, radiusKm: circle.radiusKm };
  const polygon = area?.polygons[0];
  if (polygon) return { kind: 'polygon', points: polygon.map(([lat, lon]) => [lat, lon]) };
  const codes = area?.geocodes.filter((g) => g.valueName.startsWith('ISO3166')).map((g) => g.value) ?? [];
  if (codes.length > 0) return { kind: 'regions', codes };
  return { kind: 'circle', ...lastSeen, radiusKm: 50 };
}
