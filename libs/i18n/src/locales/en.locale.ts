/**
 * English: the source catalogue. Every key exists here; other languages fall
 * back to these texts key by key. Placeholders are `{name}`.
 *
 * Rules for every language: the fixed texts carry no personal data of their
 * own (names come in through placeholders only), and the hotline is written
 * "116 000" exactly as people dial it.
 */
export const EN_MESSAGES = {
  'alert.brand': 'AMBER Alert',
  'alert.event': 'Child Abduction',
  'alert.label.exercise': 'EXERCISE',
  'alert.label.update': 'UPDATE',
  'alert.label.foundSafe': 'FOUND SAFE',
  'alert.label.cancelled': 'Alert cancelled',
  'alert.label.ended': 'Alert ended',
  'alert.headline.default': 'Missing child: {name}, {age}',
  'alert.instruction.default':
    'If you see the child, the suspect or the vehicle, call 116 000 or the police on {policePhone} immediately. Do not intervene yourself.',
  'alert.instruction.ended': 'No further action is needed. Thank you for your help.',
  'alert.text.foundSafe': 'The child of this alert has been found safe. Thank you to everyone who helped.',
  'alert.text.cancelled':
    'This alert has been cancelled. Please disregard it and delete any copies you shared.',
  'alert.text.expired': 'This alert has ended. If you still have information, call 116 000 or the police.',
  'alert.text.exerciseNote': 'This is an exercise. No child is missing.',
  'alert.contact': '{policeUnit}: {policePhone} · Hotline for missing children: 116 000',
  'alert.callToAction': 'Call 116 000 or the police on {policePhone}.',
  'alert.moreInfo': 'More information: {url}',
  'alert.photo.description': 'Photo of the child',
  'child.age': '{age} years old',
  'child.sex.female': 'girl',
  'child.sex.male': 'boy',
  'child.sex.unknown': 'child',
  'child.height': '{height} cm',
  'field.child': 'Child',
  'field.age': 'Age',
  'field.height': 'Height',
  'field.build': 'Build',
  'field.hair': 'Hair',
  'field.eyes': 'Eyes',
  'field.clothing': 'Clothing',
  'field.marks': 'Distinguishing marks',
  'field.lastSeen': 'Last seen',
  'field.suspect': 'Suspect',
  'field.vehicle': 'Vehicle',
  'field.circumstances': 'Circumstances',
  'field.description': 'Description',
  'field.plate': 'plate',
  'field.police': 'Police',
  'lastSeen.summary': 'Last seen {time} at {place}',
  'area.circle': 'Within {radiusKm} km of {lat}, {lon}',
  'area.polygon': 'The area shown on the map',
  'area.regions': 'Regions {codes}',
  'email.footer': 'You receive this message because you subscribed to child alerts.',
  'social.hashtags': '#AmberAlert #116000',
} as const;

/** Every fixed text the system renders. */
export type MessageKey = keyof typeof EN_MESSAGES;
