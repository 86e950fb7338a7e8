/**
 * The language to send a subscriber: the first of their languages (in their
 * order of preference) that the alert is written in, else the alert's first
 * (primary) language. Codes are ISO 639-1, lower case.
 */
export function bestLanguage(
  subscriberLanguages: readonly string[],
  alertLanguages: readonly string[],
): string {
  const primary = alertLanguages[0];
  if (primary === undefined) throw new RangeError('an alert has at least one language');
  return subscriberLanguages.find((language) => alertLanguages.includes(language)) ?? primary;
}

export const LANGUAGE_PATTERN = /^[a-z]{2}$/;
export const MAX_SUBSCRIBER_LANGUAGES = 10;

/** Lower-cased, without duplicates, order kept; or a message naming what is wrong. */
export function normaliseLanguages(
  input: readonly string[],
  field = 'languages',
): string[] | { problem: string } {
  if (input.length === 0) return { problem: `${field} must list at least one ISO 639-1 code such as "el"` };
  const languages = [...new Set(input.map((language) => language.trim().toLowerCase()))];
  const wrong = languages.find((language) => !LANGUAGE_PATTERN.test(language));
  if (wrong !== undefined) {
    return {
      problem: `${field}: ${JSON.stringify(wrong)} is not an ISO 639-1 code (two letters, e.g. "el", "en")`,
    };
  }
  if (languages.length > MAX_SUBSCRIBER_LANGUAGES) {
    return { problem: `${field} lists at most ${MAX_SUBSCRIBER_LANGUAGES} languages` };
  }
  return languages;
}
