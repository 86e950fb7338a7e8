import { LOCALE_CATALOGS } from './locale.registry';
import { EN_MESSAGES, type MessageKey } from './locales/en.locale';
import { catalogOf, isTranslated, missingKeys, placeholdersOf, t } from './translator';

describe('t', () => {
  it('fills placeholders in the requested language', () => {
    expect(t('en', 'alert.headline.default', { name: 'Maria', age: 7 })).toBe('Missing child: Maria, 7');
    expect(t('el', 'alert.headline.default', { name: 'Μαρία', age: 7 })).toBe('Εξαφάνιση παιδιού: Μαρία, 7');
  });

  it('reads a regional tag as its language', () => {
    expect(t('el-GR', 'alert.label.exercise')).toBe('ΑΣΚΗΣΗ');
  });

  it('falls back to English for a language without a catalogue', () => {
    expect(t('sq', 'alert.event')).toBe('Child Abduction');
    expect(catalogOf('sq')).toBeUndefined();
  });

  it('leaves a placeholder without a param visible', () => {
    expect(t('en', 'alert.callToAction')).toBe('Call 116 000 or the police on {policePhone}.');
  });

  it('reports what a language lacks', () => {
    expect(missingKeys('en')).toEqual([]);
    expect(missingKeys('xx')).toEqual(Object.keys(EN_MESSAGES));
    expect(isTranslated('el', 'alert.event')).toBe(true);
  });
});

describe('LOCALE_CATALOGS', () => {
  const catalogs = Object.values(LOCALE_CATALOGS);

  it.each(catalogs.map((c) => [c.language, c] as const))(
    '%s uses the placeholders of English',
    (_, catalog) => {
      for (const [key, text] of Object.entries(catalog.messages)) {
        expect({ key, placeholders: placeholdersOf(text) }).toEqual({
          key,
          placeholders: placeholdersOf(EN_MESSAGES[key as MessageKey]),
        });
      }
    },
  );

  it.each(catalogs.map((c) => [c.language, c] as const))(
    '%s writes the hotline as people dial it',
    (_, catalog) => {
      const withHotline = (Object.keys(EN_MESSAGES) as MessageKey[]).filter((key) =>
        EN_MESSAGES[key].includes('116 000'),
      );
      for (const key of withHotline) {
        const text = catalog.messages[key];
        if (text !== undefined)
          expect({ key, hasHotline: text.includes('116 000') }).toEqual({ key, hasHotline: true });
      }
    },
  );

  it('has Greek complete and marked as not yet reviewed', () => {
    expect(missingKeys('el')).toEqual([]);
    expect(LOCALE_CATALOGS.el?.review.status).toBe('unreviewed');
  });
});
