/**
 * Areas an alert (or a broadcaster) can target by ISO 3166 code, as the API
 * accepts them (libs/audience region-codes): the countries of the region
 * (config/countries) by ISO 3166-1 alpha-2, and Greece's ISO 3166-2 regions.
 */
export interface RegionOption {
  code: string;
  el: string;
  en: string;
}

export const COUNTRIES: RegionOption[] = [
  { code: 'GR', el: 'Ελλάδα (όλη)', en: 'Greece (whole country)' },
  { code: 'CY', el: 'Κύπρος', en: 'Cyprus' },
  { code: 'AL', el: 'Αλβανία', en: 'Albania' },
  { code: 'BA', el: 'Βοσνία-Ερζεγοβίνη', en: 'Bosnia and Herzegovina' },
  { code: 'BG', el: 'Βουλγαρία', en: 'Bulgaria' },
  { code: 'HR', el: 'Κροατία', en: 'Croatia' },
  { code: 'MD', el: 'Μολδαβία', en: 'Moldova' },
  { code: 'ME', el: 'Μαυροβούνιο', en: 'Montenegro' },
  { code: 'MK', el: 'Βόρεια Μακεδονία', en: 'North Macedonia' },
  { code: 'RO', el: 'Ρουμανία', en: 'Romania' },
  { code: 'RS', el: 'Σερβία', en: 'Serbia' },
  { code: 'SI', el: 'Σλοβενία', en: 'Slovenia' },
  { code: 'TR', el: 'Τουρκία', en: 'Türkiye' },
  { code: 'UA', el: 'Ουκρανία', en: 'Ukraine' },
];

export const GREEK_REGIONS: RegionOption[] = [
  { code: 'GR-I', el: 'Αττική', en: 'Attica' },
  { code: 'GR-B', el: 'Κεντρική Μακεδονία', en: 'Central Macedonia' },
  { code: 'GR-A', el: 'Ανατολική Μακεδονία και Θράκη', en: 'Eastern Macedonia and Thrace' },
  { code: 'GR-C', el: 'Δυτική Μακεδονία', en: 'Western Macedonia' },
  { code: 'GR-D', el: 'Ήπειρος', en: 'Epirus' },
  { code: 'GR-E', el: 'Θεσσαλία', en: 'Thessaly' },
  { code: 'GR-F', el: 'Ιόνια Νησιά', en: 'Ionian Islands' },
  { code: 'GR-G', el: 'Δυτική Ελλάδα', en: 'Western Greece' },
  { code: 'GR-H', el: 'Στερεά Ελλάδα', en: 'Central Greece' },
  { code: 'GR-J', el: 'Πελοπόννησος', en: 'Peloponnese' },
  { code: 'GR-K', el: 'Βόρειο Αιγαίο', en: 'North Aegean' },
  { code: 'GR-L', el: 'Νότιο Αιγαίο', en: 'South Aegean' },
  { code: 'GR-M', el: 'Κρήτη', en: 'Crete' },
  { code: 'GR-69', el: 'Άγιο Όρος', en: 'Mount Athos' },
];

export function regionLabel(code: string, language: 'el' | 'en'): string {
  const option = [...GREEK_REGIONS, ...COUNTRIES].find((r) => r.code === code);
  return option ? `${option[language]} (${code})` : code;
}
