/** Areas a visitor can pick without sharing a location: Greece's ISO 3166-2 regions, the whole country, Cyprus. */
export const PICKABLE_REGIONS: { code: string; el: string; en: string }[] = [
  { code: 'GR', el: 'Όλη η Ελλάδα', en: 'All of Greece' },
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
  { code: 'CY', el: 'Κύπρος', en: 'Cyprus' },
];

export function regionName(code: string, language: string): string {
  const region = PICKABLE_REGIONS.find((r) => r.code === code);
  if (!region) return code;
  return language === 'el' ? region.el : region.en;
}
