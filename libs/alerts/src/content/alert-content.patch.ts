import type {
  AlertContent,
  ChildDescription,
  LocalisedTexts,
  Place,
  PoliceContact,
  Suspect,
  TargetArea,
  Vehicle,
} from '../model/alert-content.types';

type Nullable<T> = { [K in keyof T]?: T[K] | null };

/**
 * A JSON Merge Patch (RFC 7396) of alert content: objects merge, lists and
 * the area replace, `null` removes an optional field. `exercise` is not
 * patchable: an exercise stays one.
 */
export interface AlertContentPatch {
  child?: Nullable<ChildDescription>;
  photoIds?: string[];
  lastSeen?: { at?: Date; place?: Place };
  suspects?: Suspect[];
  vehicle?: Nullable<Vehicle> | null;
  policeContact?: Nullable<PoliceContact>;
  languages?: string[];
  texts?: Record<string, Nullable<LocalisedTexts>>;
  area?: TargetArea;
  expiresAt?: Date;
  destinationCountries?: string[];
}

/**
 * The content with `patch` applied. Texts of a language no longer listed in
 * `languages` are dropped. The result is unchecked: run contentProblems on it.
 */
export function applyContentPatch(content: AlertContent, patch: AlertContentPatch): AlertContent {
  const merged = mergePatch(content, patch) as AlertContent;
  const texts: Record<string, LocalisedTexts> = {};
  for (const language of merged.languages) {
    const entry = merged.texts[language];
    if (entry !== undefined) texts[language] = entry;
  }
  return { ...merged, texts, exercise: content.exercise };
}

/** RFC 7396 over plain data; Dates and arrays are values, not objects to merge. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const base: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) delete base[key];
    else base[key] = mergePatch(base[key], value);
  }
  return base;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
