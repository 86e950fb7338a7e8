import { chooseLanguage, pageText } from './public-pages.texts';

describe(chooseLanguage.name, () => {
  it('takes ?lang= when offered, else the best Accept-Language offered, else the first', () => {
    expect(chooseLanguage(['el', 'en'], 'en', 'el-GR')).toBe('en');
    expect(chooseLanguage(['el', 'en'], 'fr', 'fr-FR,en;q=0.8,el;q=0.5')).toBe('en');
    expect(chooseLanguage(['el', 'en'], undefined, 'de-DE,de;q=0.9')).toBe('el');
    expect(chooseLanguage(['el', 'en'], undefined, 'en;q=0, el;q=0.1')).toBe('el');
    expect(chooseLanguage([], undefined, undefined)).toBe('en');
  });

  it('falls back to English words for a language the pages do not have', () => {
    expect(pageText('sq', 'call116')).toBe('Call 116 000');
    expect(pageText('el', 'call116')).toBe('Καλέστε το 116 000');
  });
});
