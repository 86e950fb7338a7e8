import sharp, { type OverlayOptions } from 'sharp';
import {
  type AlertContent,
  type ClosureContent,
  closureTextsOf,
  formatTime,
  headlineOf,
  HOTLINE_116000,
} from '@childalert/alerts';
import { t } from '@childalert/i18n';
import { textLines, wrap } from './svg-text';

export const CARD_WIDTH = 1920;
export const CARD_HEIGHT = 1080;

const PHOTO = { left: 60, top: 190, width: 640, height: 720 };
const FONT = 'DejaVu Sans, Noto Sans, Arial, sans-serif';
const RED = '#c8102e';
const YELLOW = '#ffd100';
const GREEN = '#1b7f3b';

export type CardInput =
  | { kind: 'content'; content: AlertContent; language: string; timeZone: string; photo?: Buffer }
  | { kind: 'closure'; content: ClosureContent; language: string };

/**
 * The ready-to-air card of an alert, 1920×1080 PNG: a red band with the
 * brand, the child's photo (or the facts across the whole width when there is
 * none), the key facts, and the 116 000 hotline in a yellow band. The card of
 * an ended alert says only how it ended: no name, no photo, no place.
 * Text is an SVG layer sharp renders with the system's fonts (DejaVu Sans:
 * Latin, Greek and Cyrillic; the image needs fontconfig and a font installed).
 */
export async function renderImageCard(input: CardInput): Promise<Buffer> {
  const layers: OverlayOptions[] = [];
  let svg: string;
  if (input.kind === 'content') {
    const photo = input.photo ? await fittedPhoto(input.photo) : undefined;
    if (photo) layers.push({ input: photo, left: PHOTO.left, top: PHOTO.top });
    svg = contentSvg(input, photo !== undefined);
  } else {
    svg = closureSvg(input);
  }
  layers.push({ input: Buffer.from(svg, 'utf8'), left: 0, top: 0 });
  return sharp({
    create: { width: CARD_WIDTH, height: CARD_HEIGHT, channels: 3, background: '#101820' },
  })
    .composite(layers)
    .png({ compressionLevel: 6 })
    .toBuffer();
}

/** The photo cropped to its frame, centred on what matters (sharp's attention strategy). */
async function fittedPhoto(photo: Buffer): Promise<Buffer | undefined> {
  try {
    return await sharp(photo)
      .resize(PHOTO.width, PHOTO.height, { fit: 'cover', position: sharp.strategy.attention })
      .png()
      .toBuffer();
  } catch {
    // A photo that no longer decodes must not keep the card off the air: the facts go full width.
    return undefined;
  }
}

function contentSvg(input: Extract<CardInput, { kind: 'content' }>, withPhoto: boolean): string {
  const { content, language, timeZone } = input;
  const x = withPhoto ? PHOTO.left + PHOTO.width + 60 : 80;
  const width = CARD_WIDTH - x - 80;
  const child = content.child;
  const facts: string[] = [
    `${t(language, 'child.age', { age: child.age })} · ${t(language, `child.sex.${child.sex}`)}` +
      (child.heightCm !== undefined ? ` · ${t(language, 'child.height', { height: child.heightCm })}` : ''),
    t(language, 'lastSeen.summary', {
      time: formatTime(content.lastSeen.at, language, timeZone),
      place: content.lastSeen.place.address,
    }),
  ];
  const vehicle = content.vehicle;
  if (vehicle) {
    const described = [vehicle.colour, vehicle.make, vehicle.model].filter(Boolean).join(' ');
    const plate = vehicle.plate ? `${t(language, 'field.plate')} ${vehicle.plate}` : '';
    facts.push(`${t(language, 'field.vehicle')}: ${[described, plate].filter((s) => s !== '').join(', ')}`);
  }
  let y = 280;
  const parts: string[] = [];
  const nameLines = wrap(child.name, width, 96, 2);
  parts.push(textLines(nameLines, { x, y, size: 96, lineHeight: 110, weight: 'bold', fill: '#ffffff' }));
  y += nameLines.length * 110 + 10;
  for (const fact of facts) {
    const lines = wrap(fact, width, 46, 3);
    parts.push(textLines(lines, { x, y, size: 46, lineHeight: 58, fill: '#f2f2f2' }));
    y += lines.length * 58 + 18;
  }
  const police = `${t(language, 'field.police')}: ${content.policeContact.unit} ${content.policeContact.phone}`;
  parts.push(
    textLines(wrap(police, width, 40, 2), {
      x,
      y: Math.min(y + 10, 880),
      size: 40,
      lineHeight: 50,
      fill: '#d0d0d0',
    }),
  );
  const headline = wrap(headlineOf(content, language), CARD_WIDTH - 160, 40, 1);
  return frame(
    `${t(language, 'alert.brand')} · ${t(language, 'alert.event')}`,
    RED,
    [textLines(headline, { x: 80, y: 172, size: 36, lineHeight: 40, fill: '#ffffff' }), ...parts].join(''),
    t(language, 'alert.callToAction', { policePhone: content.policeContact.phone }),
    language,
  );
}

function closureSvg(input: Extract<CardInput, { kind: 'closure' }>): string {
  const texts = closureTextsOf(input.content, input.language);
  const colour = input.content.outcome === 'found_safe' ? GREEN : '#444444';
  const body = [
    textLines(wrap(texts.label, CARD_WIDTH - 160, 120, 2), {
      x: 80,
      y: 400,
      size: 120,
      lineHeight: 140,
      weight: 'bold',
      fill: '#ffffff',
    }),
    textLines(wrap(texts.text, CARD_WIDTH - 160, 52, 4), {
      x: 80,
      y: 600,
      size: 52,
      lineHeight: 66,
      fill: '#f2f2f2',
    }),
    textLines(wrap(texts.instruction, CARD_WIDTH - 160, 40, 2), {
      x: 80,
      y: 860,
      size: 40,
      lineHeight: 50,
      fill: '#d0d0d0',
    }),
  ].join('');
  return frame(t(input.language, 'alert.brand'), colour, body, '', input.language);
}

/** The band on top, the body, and the hotline band at the bottom. */
function frame(
  title: string,
  bandColour: string,
  body: string,
  besideHotline: string,
  language: string,
): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" font-family="${FONT}">` +
    `<rect x="0" y="0" width="${CARD_WIDTH}" height="130" fill="${bandColour}"/>` +
    // Locale rules: Greek capitals drop their accents.
    textLines([title.toLocaleUpperCase(language)], {
      x: 80,
      y: 92,
      size: 64,
      lineHeight: 70,
      weight: 'bold',
      fill: '#ffffff',
    }) +
    body +
    `<rect x="0" y="${CARD_HEIGHT - 140}" width="${CARD_WIDTH}" height="140" fill="${YELLOW}"/>` +
    textLines([HOTLINE_116000], {
      x: 80,
      y: CARD_HEIGHT - 38,
      size: 110,
      lineHeight: 110,
      weight: 'bold',
      fill: '#000000',
    }) +
    textLines(wrap(besideHotline, 1140, 38, 2), {
      x: 700,
      y: CARD_HEIGHT - 82,
      size: 38,
      lineHeight: 48,
      fill: '#000000',
    }) +
    `</svg>`
  );
}
