import { t } from '@childalert/i18n';
import type { AlertContent, ClosureContent, TargetArea } from '../model/alert-content.types';

/**
 * The language-dependent sentences every rendering shares (CAP, push,
 * e-mail, social, the alert page), composed from the structured facts and
 * the i18n templates, so the channels never disagree on what they say.
 */

export const DEFAULT_TIME_ZONE = 'UTC';

/** The audience is European: English dates read day-first on a 24-hour clock. */
const DATE_LOCALE: Readonly<Record<string, string>> = { en: 'en-GB' };

export function formatTime(date: Date, language: string, timeZone = DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat(DATE_LOCALE[language] ?? language, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(date);
}

export function headlineOf(content: AlertContent, language: string): string {
  return (
    content.texts[language]?.headline ??
    t(language, 'alert.headline.default', { name: content.child.name, age: content.child.age })
  );
}

export function instructionOf(content: AlertContent, language: string): string {
  return (
    content.texts[language]?.instruction ??
    t(language, 'alert.instruction.default', { policePhone: content.policeContact.phone })
  );
}

export function contactOf(content: AlertContent, language: string): string {
  return t(language, 'alert.contact', {
    policeUnit: content.policeContact.unit,
    policePhone: content.policeContact.phone,
  });
}

/** Labels put in front of a headline or title: EXERCISE, UPDATE. */
export function labelsOf(exercise: boolean, update: boolean, language: string): string[] {
  return [
    ...(exercise ? [t(language, 'alert.label.exercise')] : []),
    ...(update ? [t(language, 'alert.label.update')] : []),
  ];
}

export function withLabels(text: string, labels: readonly string[]): string {
  return labels.length === 0 ? text : `${labels.join(' – ')} – ${text}`;
}

export function childSummary(content: AlertContent, language: string): string {
  const child = content.child;
  return [
    child.name,
    t(language, 'child.age', { age: child.age }),
    t(language, `child.sex.${child.sex}`),
    ...(child.heightCm !== undefined ? [t(language, 'child.height', { height: child.heightCm })] : []),
  ].join(', ');
}

export function lastSeenSummary(content: AlertContent, language: string, timeZone?: string): string {
  return t(language, 'lastSeen.summary', {
    time: formatTime(content.lastSeen.at, language, timeZone),
    place: content.lastSeen.place.address,
  });
}

export function vehicleSummary(content: AlertContent, language: string): string | undefined {
  const vehicle = content.vehicle;
  if (!vehicle) return undefined;
  const car = [vehicle.colour, vehicle.make, vehicle.model].filter(Boolean).join(' ');
  const plate = vehicle.plate ? `${t(language, 'field.plate')} ${vehicle.plate}` : '';
  return [car, plate].filter(Boolean).join(', ');
}

/** `Label: value` lines of the facts, in a fixed order, for descriptions and e-mails. */
export function factLines(
  content: AlertContent,
  language: string,
  timeZone?: string,
): [label: string, value: string][] {
  const child = content.child;
  const lines: [string, string][] = [[t(language, 'field.child'), childSummary(content, language)]];
  const optional: [Parameters<typeof t>[1], string | undefined][] = [
    ['field.build', child.build],
    ['field.hair', child.hair],
    ['field.eyes', child.eyes],
    ['field.clothing', child.clothing],
    ['field.marks', child.distinguishingMarks],
  ];
  for (const [key, value] of optional) if (value) lines.push([t(language, key), value]);
  lines.push([
    t(language, 'field.lastSeen'),
    `${formatTime(content.lastSeen.at, language, timeZone)}, ${content.lastSeen.place.address}`,
  ]);
  const vehicle = vehicleSummary(content, language);
  if (vehicle) lines.push([t(language, 'field.vehicle'), vehicle]);
  for (const suspect of content.suspects) {
    const who = [
      suspect.name,
      suspect.age !== undefined ? t(language, 'child.age', { age: suspect.age }) : undefined,
      suspect.description,
    ]
      .filter(Boolean)
      .join(', ');
    lines.push([t(language, 'field.suspect'), who]);
  }
  lines.push([t(language, 'field.police'), `${content.policeContact.unit}, ${content.policeContact.phone}`]);
  return lines;
}

/** The full prose description: the author's text, the circumstances, then the facts. */
export function fullDescriptionOf(content: AlertContent, language: string, timeZone?: string): string {
  const texts = content.texts[language];
  const facts = factLines(content, language, timeZone)
    .map(([label, value]) => `${label}: ${value}`)
    .join('\n');
  return [
    texts?.description,
    texts ? `${t(language, 'field.circumstances')}: ${texts.circumstances}` : undefined,
    facts,
  ]
    .filter(Boolean)
    .join('\n\n');
}

export function areaDescriptionOf(area: TargetArea, language: string, authored?: string): string {
  if (authored) return authored;
  switch (area.kind) {
    case 'circle':
      return t(language, 'area.circle', {
        radiusKm: area.radiusKm,
        lat: area.lat.toFixed(4),
        lon: area.lon.toFixed(4),
      });
    case 'polygon':
      return t(language, 'area.polygon');
    case 'regions':
      return t(language, 'area.regions', { codes: area.codes.join(', ') });
  }
}

export interface ClosureTexts {
  label: string;
  text: string;
  instruction: string;
}

/** What an ended alert says: no name, no photo, no description. */
export function closureTextsOf(closure: ClosureContent, language: string): ClosureTexts {
  switch (closure.outcome) {
    case 'found_safe':
      return {
        label: t(language, 'alert.label.foundSafe'),
        text: t(language, 'alert.text.foundSafe'),
        instruction: t(language, 'alert.instruction.ended'),
      };
    case 'cancelled':
      return {
        label: t(language, 'alert.label.cancelled'),
        text: t(language, 'alert.text.cancelled'),
        instruction: t(language, 'alert.instruction.ended'),
      };
    case 'expired':
      return {
        label: t(language, 'alert.label.ended'),
        text: t(language, 'alert.text.expired'),
        instruction: t(language, 'alert.text.expired'),
      };
  }
}

/** Shortens to at most `max` characters at a word boundary, ending with "…". */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  // Back to the last space unless that loses more than half the room.
  return `${(space >= max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function alertPageUrl(publicBaseUrl: string, alertId: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/alerts/${alertId}`;
}
