/**
 * Words of the public pages that the alert catalogue (libs/i18n) does not
 * have. Greek and English; any other language falls back to English.
 */
const EN = {
  whatToDo: 'What to do',
  call116: 'Call 116 000',
  callPolice: 'Call the police',
  share: 'Share',
  shareEmail: 'E-mail',
  map: 'Map of the place where the child was last seen',
  found: 'Found',
  otherLanguages: 'Other languages',
  subscribeLink: 'Get alerts for your area',
  subscribeTitle: 'Child alerts for your area',
  subscribeIntro: 'Choose an area and a language, then how you want to be alerted.',
  area: 'Area',
  locateMe: 'Use my location',
  locating: 'Finding your location…',
  located: 'Your location: within {km} km of {lat}, {lon}',
  locateFailed: 'Your location is not available: pick a region instead.',
  region: 'Region',
  radius: 'Distance around you (km)',
  language: 'Language',
  browser: 'Notifications in this browser',
  enablePush: 'Enable notifications',
  disablePush: 'Stop notifications in this browser',
  pushOn: 'Notifications are on for this browser.',
  pushOff: 'Notifications are off for this browser.',
  pushUnsupported: 'This browser cannot receive notifications; use e-mail instead.',
  pushDenied: 'Notifications are blocked in this browser’s settings.',
  email: 'E-mail',
  emailAddress: 'E-mail address',
  emailSubmit: 'Subscribe by e-mail',
  emailSent: 'Check your inbox: follow the link in the message we sent to confirm.',
  needArea: 'Choose an area first: use your location or pick a region.',
  needEmail: 'Enter an e-mail address such as name@example.org.',
  unsubscribeTitle: 'Stop child alerts',
  unsubscribeEmail:
    'E-mail: every alert e-mail has an “Unsubscribe” link at the bottom; one click stops them.',
  unsubscribeBrowser: 'This browser: use the button below.',
  widgetTitle: 'Active child alerts',
  widgetNone: 'No active child alert in this area.',
  widgetMore: 'Details',
  poweredBy: 'Child Alert',
};

export type PageTextKey = keyof typeof EN;

const EL: Record<PageTextKey, string> = {
  whatToDo: 'Τι να κάνετε',
  call116: 'Καλέστε το 116 000',
  callPolice: 'Καλέστε την αστυνομία',
  share: 'Κοινοποίηση',
  shareEmail: 'E-mail',
  map: 'Χάρτης του σημείου όπου εθεάθη τελευταία φορά το παιδί',
  found: 'Βρέθηκε',
  otherLanguages: 'Άλλες γλώσσες',
  subscribeLink: 'Λάβετε ειδοποιήσεις για την περιοχή σας',
  subscribeTitle: 'Ειδοποιήσεις για παιδιά που εξαφανίστηκαν στην περιοχή σας',
  subscribeIntro: 'Επιλέξτε περιοχή και γλώσσα και μετά πώς θέλετε να ειδοποιείστε.',
  area: 'Περιοχή',
  locateMe: 'Χρήση της θέσης μου',
  locating: 'Εντοπισμός θέσης…',
  located: 'Η θέση σας: σε ακτίνα {km} χλμ. από {lat}, {lon}',
  locateFailed: 'Η θέση σας δεν είναι διαθέσιμη: επιλέξτε περιφέρεια.',
  region: 'Περιφέρεια',
  radius: 'Απόσταση γύρω σας (χλμ.)',
  language: 'Γλώσσα',
  browser: 'Ειδοποιήσεις σε αυτόν τον φυλλομετρητή',
  enablePush: 'Ενεργοποίηση ειδοποιήσεων',
  disablePush: 'Διακοπή ειδοποιήσεων σε αυτόν τον φυλλομετρητή',
  pushOn: 'Οι ειδοποιήσεις είναι ενεργές σε αυτόν τον φυλλομετρητή.',
  pushOff: 'Οι ειδοποιήσεις είναι ανενεργές σε αυτόν τον φυλλομετρητή.',
  pushUnsupported: 'Ο φυλλομετρητής δεν υποστηρίζει ειδοποιήσεις· χρησιμοποιήστε e-mail.',
  pushDenied: 'Οι ειδοποιήσεις έχουν αποκλειστεί στις ρυθμίσεις του φυλλομετρητή.',
  email: 'E-mail',
  emailAddress: 'Διεύθυνση e-mail',
  emailSubmit: 'Εγγραφή με e-mail',
  emailSent: 'Ελέγξτε τα εισερχόμενα: ακολουθήστε τον σύνδεσμο του μηνύματος για επιβεβαίωση.',
  needArea: 'Επιλέξτε πρώτα περιοχή: τη θέση σας ή μια περιφέρεια.',
  needEmail: 'Δώστε διεύθυνση e-mail, π.χ. name@example.org.',
  unsubscribeTitle: 'Διακοπή ειδοποιήσεων',
  unsubscribeEmail: 'E-mail: κάθε μήνυμα έχει στο τέλος σύνδεσμο «Διαγραφή»· ένα κλικ αρκεί.',
  unsubscribeBrowser: 'Αυτός ο φυλλομετρητής: πατήστε το κουμπί παρακάτω.',
  widgetTitle: 'Ενεργοί συναγερμοί για παιδιά',
  widgetNone: 'Κανένας ενεργός συναγερμός σε αυτή την περιοχή.',
  widgetMore: 'Λεπτομέρειες',
  poweredBy: 'Child Alert',
};

const TEXTS: Record<string, Record<PageTextKey, string>> = { en: EN, el: EL };

export const PAGE_LANGUAGES = Object.keys(TEXTS);

export function pageText(
  language: string,
  key: PageTextKey,
  vars: Record<string, string | number> = {},
): string {
  const template = (TEXTS[language] ?? EN)[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}

/** The visitor's language: `?lang=` if offered, else the best of Accept-Language, else the first offered. */
export function chooseLanguage(
  offered: readonly string[],
  requested?: string,
  acceptLanguage?: string,
): string {
  if (requested && offered.includes(requested)) return requested;
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, q] = part.trim().split(';q=');
      return { language: tag.slice(0, 2).toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((entry) => entry.language !== '' && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return wanted.find((entry) => offered.includes(entry.language))?.language ?? offered[0] ?? 'en';
}
