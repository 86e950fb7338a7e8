import { bestLanguage, normaliseLanguages } from './language-match';

describe('bestLanguage', () => {
  it('takes the first of the subscriber’s languages the alert has', () => {
    expect(bestLanguage(['sq', 'en', 'el'], ['el', 'en'])).toBe('en');
    expect(bestLanguage(['el'], ['el', 'en'])).toBe('el');
  });

  it('falls back to the alert’s first language', () => {
    expect(bestLanguage(['sq', 'mk'], ['el', 'en'])).toBe('el');
  });
});

describe('normaliseLanguages', () => {
  it('lower-cases and de-duplicates in order', () => {
    expect(normaliseLanguages(['EL', 'en', 'el'])).toEqual(['el', 'en']);
  });

  it('names what is wrong', () => {
    expect(normaliseLanguages([])).toEqual({
      problem: 'languages must list at least one ISO 639-1 code such as "el"',
    });
    expect(normaliseLanguages(['greek'])).toEqual({
      problem: 'languages: "greek" is not an ISO 639-1 code (two letters, e.g. "el", "en")',
    });
  });
});
