import { t } from '@childalert/i18n';

/**
 * The few fixed texts of alert e-mails that libs/i18n does not hold (yet),
 * per language, English as the fallback. Greek is a draft awaiting review.
 */
const TEXTS = {
  en: { changed: 'What changed in this update: {fields}.', area: 'Area' },
  el: { changed: 'Τι άλλαξε σε αυτή την ενημέρωση: {fields}.', area: 'Περιοχή' },
} as const;

type Key = keyof (typeof TEXTS)['en'];

export function emailText(language: string, key: Key, params: Record<string, string> = {}): string {
  const catalog = (TEXTS as Record<string, Record<Key, string>>)[language] ?? TEXTS.en;
  return catalog[key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** The label of a field in the language (from libs/i18n where it has one). */
export function fieldLabel(language: string, field: ChangedField): string {
  switch (field) {
    case 'child':
      return t(language, 'field.child');
    case 'build':
      return t(language, 'field.build');
    case 'hair':
      return t(language, 'field.hair');
    case 'eyes':
      return t(language, 'field.eyes');
    case 'clothing':
      return t(language, 'field.clothing');
    case 'marks':
      return t(language, 'field.marks');
    case 'photo':
      return t(language, 'alert.photo.description');
    case 'lastSeen':
      return t(language, 'field.lastSeen');
    case 'suspect':
      return t(language, 'field.suspect');
    case 'vehicle':
      return t(language, 'field.vehicle');
    case 'police':
      return t(language, 'field.police');
    case 'description':
      return t(language, 'field.description');
    case 'circumstances':
      return t(language, 'field.circumstances');
    case 'area':
      return emailText(language, 'area');
  }
}

export const CHANGED_FIELDS = [
  'child',
  'build',
  'hair',
  'eyes',
  'clothing',
  'marks',
  'photo',
  'lastSeen',
  'suspect',
  'vehicle',
  'police',
  'description',
  'circumstances',
  'area',
] as const;
export type ChangedField = (typeof CHANGED_FIELDS)[number];
