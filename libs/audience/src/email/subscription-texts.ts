/**
 * The fixed texts of subscribing and unsubscribing (the confirmation e-mail
 * and the pages its links open), per language, English as the fallback key
 * by key. Greek is a draft awaiting review, like libs/i18n's catalogue.
 */
const EN = {
  'confirm.subject': 'Confirm your child alert subscription',
  'confirm.intro':
    'Someone, probably you, asked to receive child alerts (AMBER Alerts) at this address for this area: {area}.',
  'confirm.action': 'To confirm, open this link within {hours} hours:',
  'confirm.button': 'Confirm my subscription',
  'confirm.ignore': 'If you did not ask for this, ignore this e-mail: nothing more will be sent to you.',
  'confirm.unsubscribe': 'To stop receiving child alerts at any time: {url}',
  'area.circle': 'within {radiusKm} km of {lat}, {lon}',
  'area.regions': '{codes}',
  'page.confirmed.title': 'Subscription confirmed',
  'page.confirmed.text':
    'You will receive child alerts for the area you chose. Every e-mail has a link to unsubscribe.',
  'page.unsubscribe.title': 'Unsubscribe from child alerts?',
  'page.unsubscribe.text': 'You will no longer receive child alerts at this address.',
  'page.unsubscribe.button': 'Unsubscribe',
  'page.unsubscribed.title': 'You are unsubscribed',
  'page.unsubscribed.text':
    'Your subscription is deleted. No more child alerts will be sent to this address.',
  'page.failed.title': 'This link does not work',
} as const;

export type SubscriptionTextKey = keyof typeof EN;

const EL: Partial<Record<SubscriptionTextKey, string>> = {
  'confirm.subject': 'Επιβεβαιώστε την εγγραφή σας στις ειδοποιήσεις για παιδιά',
  'confirm.intro':
    'Κάποιος, πιθανότατα εσείς, ζήτησε να λαμβάνει ειδοποιήσεις για εξαφανισμένα παιδιά (AMBER Alert) σε αυτή τη διεύθυνση για την περιοχή: {area}.',
  'confirm.action': 'Για επιβεβαίωση, ανοίξτε αυτόν τον σύνδεσμο μέσα σε {hours} ώρες:',
  'confirm.button': 'Επιβεβαίωση εγγραφής',
  'confirm.ignore': 'Αν δεν το ζητήσατε εσείς, αγνοήστε αυτό το μήνυμα: δεν θα σας σταλεί τίποτε άλλο.',
  'confirm.unsubscribe': 'Για να σταματήσετε να λαμβάνετε ειδοποιήσεις οποτεδήποτε: {url}',
  'area.circle': 'σε ακτίνα {radiusKm} km από {lat}, {lon}',
  'page.confirmed.title': 'Η εγγραφή επιβεβαιώθηκε',
  'page.confirmed.text':
    'Θα λαμβάνετε ειδοποιήσεις για την περιοχή που επιλέξατε. Κάθε μήνυμα έχει σύνδεσμο διαγραφής.',
  'page.unsubscribe.title': 'Διαγραφή από τις ειδοποιήσεις;',
  'page.unsubscribe.text': 'Δεν θα λαμβάνετε πλέον ειδοποιήσεις σε αυτή τη διεύθυνση.',
  'page.unsubscribe.button': 'Διαγραφή',
  'page.unsubscribed.title': 'Η διαγραφή ολοκληρώθηκε',
  'page.unsubscribed.text':
    'Η εγγραφή σας διαγράφηκε. Δεν θα σταλούν άλλες ειδοποιήσεις σε αυτή τη διεύθυνση.',
  'page.failed.title': 'Αυτός ο σύνδεσμος δεν λειτουργεί',
};

const CATALOGS: Readonly<Record<string, Partial<Record<SubscriptionTextKey, string>>>> = { en: EN, el: EL };

export const SUBSCRIPTION_TEXT_LANGUAGES: readonly string[] = Object.keys(CATALOGS);

export function subscriptionText(
  language: string,
  key: SubscriptionTextKey,
  params: Readonly<Record<string, string | number>> = {},
): string {
  const template = CATALOGS[language]?.[key] ?? EN[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
