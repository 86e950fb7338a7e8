import type { MessageKey } from './en.locale';

/**
 * Greek. Machine-drafted from the English catalogue: a native speaker at the
 * national centre must review it before the first real alert (see `review`
 * in the catalogue registry).
 */
export const EL_MESSAGES: Readonly<Partial<Record<MessageKey, string>>> = {
  'alert.brand': 'AMBER Alert',
  'alert.event': 'Απαγωγή παιδιού',
  'alert.label.exercise': 'ΑΣΚΗΣΗ',
  'alert.label.update': 'ΕΝΗΜΕΡΩΣΗ',
  'alert.label.foundSafe': 'ΒΡΕΘΗΚΕ ΣΩΟ',
  'alert.label.cancelled': 'Η ειδοποίηση ακυρώθηκε',
  'alert.label.ended': 'Η ειδοποίηση έληξε',
  'alert.headline.default': 'Εξαφάνιση παιδιού: {name}, {age}',
  'alert.instruction.default':
    'Αν δείτε το παιδί, τον ύποπτο ή το όχημα, καλέστε αμέσως το 116 000 ή την Αστυνομία στο {policePhone}. Μην επέμβετε μόνοι σας.',
  'alert.instruction.ended': 'Δεν απαιτείται καμία ενέργεια. Ευχαριστούμε για τη βοήθειά σας.',
  'alert.text.foundSafe': 'Το παιδί αυτής της ειδοποίησης βρέθηκε σώο. Ευχαριστούμε όλους όσοι βοήθησαν.',
  'alert.text.cancelled':
    'Αυτή η ειδοποίηση ακυρώθηκε. Παρακαλούμε αγνοήστε την και διαγράψτε όσα αντίγραφα κοινοποιήσατε.',
  'alert.text.expired':
    'Αυτή η ειδοποίηση έληξε. Αν έχετε ακόμη πληροφορίες, καλέστε το 116 000 ή την Αστυνομία.',
  'alert.text.exerciseNote': 'Πρόκειται για άσκηση. Κανένα παιδί δεν αγνοείται.',
  'alert.contact': '{policeUnit}: {policePhone} · Γραμμή για τα εξαφανισμένα παιδιά: 116 000',
  'alert.callToAction': 'Καλέστε το 116 000 ή την Αστυνομία στο {policePhone}.',
  'alert.moreInfo': 'Περισσότερες πληροφορίες: {url}',
  'alert.photo.description': 'Φωτογραφία του παιδιού',
  'child.age': '{age} ετών',
  'child.sex.female': 'κορίτσι',
  'child.sex.male': 'αγόρι',
  'child.sex.unknown': 'παιδί',
  'child.height': '{height} εκ.',
  'field.child': 'Παιδί',
  'field.age': 'Ηλικία',
  'field.height': 'Ύψος',
  'field.build': 'Σωματότυπος',
  'field.hair': 'Μαλλιά',
  'field.eyes': 'Μάτια',
  'field.clothing': 'Ρουχισμός',
  'field.marks': 'Ιδιαίτερα χαρακτηριστικά',
  'field.lastSeen': 'Εθεάθη τελευταία',
  'field.suspect': 'Ύποπτος',
  'field.vehicle': 'Όχημα',
  'field.circumstances': 'Συνθήκες',
  'field.description': 'Περιγραφή',
  'field.plate': 'πινακίδα',
  'field.police': 'Αστυνομία',
  'lastSeen.summary': 'Εθεάθη τελευταία {time} στην περιοχή {place}',
  'area.circle': 'Σε ακτίνα {radiusKm} χλμ. από {lat}, {lon}',
  'area.polygon': 'Η περιοχή που φαίνεται στον χάρτη',
  'area.regions': 'Περιοχές {codes}',
  'email.footer': 'Λαμβάνετε αυτό το μήνυμα επειδή εγγραφήκατε στις ειδοποιήσεις για εξαφανισμένα παιδιά.',
  'social.hashtags': '#AmberAlert #116000',
};
