import { describePolygonProblem, polygonProblem } from '../geometry/polygon.util';
import { LIMITS, REGION_CODE, TEXT_LIMITS } from '../model/alert-limits';
import type { AlertContent, LocalisedTexts } from '../model/alert-content.types';

/**
 * Invariants of a whole content, checked after create and after every patch
 * (the DTOs check each field; these check fields against each other and
 * against the clock, and catch a required field a patch tried to remove).
 * Returns messages a person can act on; empty when the content is sound.
 */
export function contentProblems(content: AlertContent, now: Date): string[] {
  const problems: string[] = [];
  const child = content.child as Partial<AlertContent['child']> | undefined;
  if (!child) problems.push('child is required');
  else {
    if (!child.name) problems.push('child.name is required');
    if (typeof child.age !== 'number') problems.push('child.age is required');
    else if (!Number.isInteger(child.age) || child.age < 0 || child.age > LIMITS.maxChildAge) {
      problems.push(
        `child.age must be a whole number from 0 to ${LIMITS.maxChildAge}: AMBER alerts are for children under 18`,
      );
    }
    if (!child.sex) problems.push('child.sex is required');
  }
  const lastSeen = content.lastSeen as Partial<AlertContent['lastSeen']> | undefined;
  if (!lastSeen?.at) problems.push('lastSeen.at is required');
  else if (lastSeen.at.getTime() > now.getTime() + LIMITS.clockSkewMs)
    problems.push('lastSeen.at must not be in the future');
  if (!lastSeen?.place) problems.push('lastSeen.place is required');
  const police = content.policeContact as Partial<AlertContent['policeContact']> | undefined;
  if (!police?.unit) problems.push('policeContact.unit is required');
  if (!police?.phone) problems.push('policeContact.phone is required');
  if (content.vehicle && Object.values(content.vehicle).every((v) => v === undefined)) {
    problems.push('vehicle must give at least one of make, model, colour, plate, or be removed (null)');
  }
  if (content.photoIds.length > LIMITS.maxPhotos)
    problems.push(`photoIds must list at most ${LIMITS.maxPhotos} photos`);

  problems.push(...languageProblems(content));
  problems.push(...areaProblems(content));

  if (content.expiresAt.getTime() <= now.getTime()) problems.push('expiresAt must be in the future');
  else if (content.expiresAt.getTime() > now.getTime() + LIMITS.maxExpiryDays * 86_400_000) {
    problems.push(
      `expiresAt must be at most ${LIMITS.maxExpiryDays} days ahead: publish an update to extend an alert`,
    );
  }
  return problems;
}

/** What a draft needs before it can go to the validator, beyond a sound content. */
export function submissionProblems(content: AlertContent): string[] {
  return content.photoIds.length < LIMITS.minPhotosToSubmit
    ? ['photoIds must list at least one photo before submitting: upload one and add its id']
    : [];
}

function languageProblems(content: AlertContent): string[] {
  const problems: string[] = [];
  if (content.languages.length === 0) problems.push('languages must list at least one language');
  if (new Set(content.languages).size !== content.languages.length)
    problems.push('languages must not list a language twice');
  for (const language of content.languages) {
    const texts = content.texts[language] as Partial<LocalisedTexts> | undefined;
    if (!texts) {
      problems.push(`texts.${language} is required: every language in languages needs its texts`);
      continue;
    }
    if (!texts.description) problems.push(`texts.${language}.description is required`);
    if (!texts.circumstances) problems.push(`texts.${language}.circumstances is required`);
    for (const field of [
      'headline',
      'description',
      'circumstances',
      'instruction',
      'areaDescription',
    ] as const) {
      const value = texts[field];
      const limit = TEXT_LIMITS[field];
      if (value !== undefined && value.length > limit.max) {
        problems.push(`texts.${language}.${field} must be at most ${limit.max} characters: ${limit.why}`);
      }
    }
  }
  for (const key of Object.keys(content.texts)) {
    if (!content.languages.includes(key)) problems.push(`texts.${key} is not listed in languages`);
  }
  return problems;
}

function areaProblems(content: AlertContent): string[] {
  const area = content.area;
  switch (area.kind) {
    case 'circle':
      return area.radiusKm >= LIMITS.minRadiusKm && area.radiusKm <= LIMITS.maxRadiusKm
        ? []
        : [`area.radiusKm must be between ${LIMITS.minRadiusKm} and ${LIMITS.maxRadiusKm} km`];
    case 'polygon': {
      const problem = polygonProblem(area.points);
      return problem ? [describePolygonProblem('area.points', problem)] : [];
    }
    case 'regions':
      return area.codes.length > 0 && area.codes.every((code) => REGION_CODE.test(code))
        ? []
        : ['area.codes must list ISO 3166-1 alpha-2 or ISO 3166-2 codes such as GR or GR-I'];
  }
}
