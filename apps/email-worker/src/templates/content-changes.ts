import { type AlertContent, canonicalJson } from '@childalert/alerts';
import { CHANGED_FIELDS, type ChangedField } from './email-texts';

/** What an update changed, field by field, as a reader of the e-mail would name it. */
export function changedFields(before: AlertContent, after: AlertContent, language: string): ChangedField[] {
  const pick = (content: AlertContent): Record<ChangedField, unknown> => {
    const texts = content.texts[language] ?? content.texts[content.languages[0]];
    const { child } = content;
    return {
      child: [child.name, child.age, child.sex, child.heightCm ?? null],
      build: child.build,
      hair: child.hair,
      eyes: child.eyes,
      clothing: child.clothing,
      marks: child.distinguishingMarks,
      photo: content.photoIds,
      lastSeen: content.lastSeen,
      suspect: content.suspects,
      vehicle: content.vehicle,
      police: content.policeContact,
      description: texts?.description,
      circumstances: texts?.circumstances,
      area: content.area,
    };
  };
  const a = pick(before);
  const b = pick(after);
  return CHANGED_FIELDS.filter(
    (field) => canonicalJson(a[field] ?? null) !== canonicalJson(b[field] ?? null),
  );
}
