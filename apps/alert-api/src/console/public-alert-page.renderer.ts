import { escapeHtml, HOTLINE_116000_DIAL } from '@childalert/alerts';
import { t } from '@childalert/i18n';
import type { PublicAlertDto } from '../alerts/dto/alert-view.dto';
import { borderMapSvg } from './border-map.renderer';
import { pageText } from './public-pages.texts';

/** Same-origin path of a URL the API made from PUBLIC_BASE_URL (the page is served by the same API). */
export function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

interface Child {
  name: string;
  age: number;
  sex?: string;
  heightCm?: number;
  hair?: string;
  eyes?: string;
  clothing?: string;
  distinguishingMarks?: string;
}
interface Place {
  lat: number;
  lon: number;
  address: string;
}
interface Texts {
  headline?: string;
  description?: string;
  circumstances?: string;
  instruction?: string;
}

const e = escapeHtml;

/** The public page of an alert; after its end, only the outcome and nothing personal. */
export function publicAlertPage(view: PublicAlertDto, language: string, languages: string[]): string {
  const exercise = view.exercise
    ? `<p class="exercise">${e(t(language, 'alert.label.exercise'))} — ${e(t(language, 'alert.text.exerciseNote'))}</p>`
    : '';
  const switcher =
    languages.length > 1
      ? `<nav class="languages" aria-label="${e(pageText(language, 'otherLanguages'))}">${languages
          .filter((l) => l !== language)
          .map((l) => `<a href="?lang=${e(l)}" hreflang="${e(l)}" lang="${e(l)}">${e(l.toUpperCase())}</a>`)
          .join(' ')}</nav>`
      : '';
  const { title, main } = view.alert ? liveAlert(view, language) : endedAlert(view, language);
  return `<!doctype html>
<html lang="${e(language)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<meta property="og:title" content="${e(title)}">
<link rel="alternate" type="application/cap+xml" href="${e(pathOf(view.capUrl))}">
<style>${PAGE_STYLE}</style>
</head>
<body class="${view.exercise ? 'is-exercise' : ''}">
${exercise}${switcher}
<main>
${main}
</main>
<footer><a href="/subscribe?lang=${e(language)}">${e(pageText(language, 'subscribeLink'))}</a></footer>
</body>
</html>
`;
}

function liveAlert(view: PublicAlertDto, language: string): { title: string; main: string } {
  const content = view.alert!;
  const child = content.child as unknown as Child;
  const texts = (content.texts[language] ?? {}) as Texts;
  const place = (content.lastSeen as { at: string; place: Place }).place;
  const at = new Date((content.lastSeen as { at: string }).at);
  const police = content.policeContact as { unit: string; phone: string };
  const title = texts.headline ?? t(language, 'alert.headline.default', { name: child.name, age: child.age });
  const when = at.toLocaleString(language === 'el' ? 'el-GR' : 'en-GB', {
    timeZone: 'Europe/Athens',
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const facts: [string, string | undefined][] = [
    [t(language, 'field.age'), t(language, 'child.age', { age: child.age })],
    [
      t(language, 'field.height'),
      child.heightCm ? t(language, 'child.height', { height: child.heightCm }) : undefined,
    ],
    [t(language, 'field.hair'), child.hair],
    [t(language, 'field.eyes'), child.eyes],
    [t(language, 'field.clothing'), child.clothing],
    [t(language, 'field.marks'), child.distinguishingMarks],
  ];
  const suspects = (content.suspects as { name?: string; age?: number; description: string }[])
    .map(
      (s) =>
        `<li>${e([s.name, s.age !== undefined ? String(s.age) : undefined, s.description].filter(Boolean).join(', '))}</li>`,
    )
    .join('');
  const vehicle = content.vehicle as
    { make?: string; model?: string; colour?: string; plate?: string } | undefined;
  const vehicleHtml = vehicle
    ? e([vehicle.colour, vehicle.make, vehicle.model].filter(Boolean).join(' ')) +
      (vehicle.plate
        ? ` — ${e(t(language, 'field.plate'))} <strong class="plate">${e(vehicle.plate)}</strong>`
        : '')
    : '';
  const instruction =
    texts.instruction ?? t(language, 'alert.instruction.default', { policePhone: police.phone });
  const share = encodeURIComponent(view.pageUrl);
  const shareText = encodeURIComponent(title);
  const main = `<h1>${e(title)}</h1>
<div class="top">
${content.photos.map((photo) => `<img class="photo" src="${e(pathOf(photo.urls.email))}" alt="${e(t(language, 'alert.photo.description'))}: ${e(child.name)}">`).join('')}
<div>
<p class="name">${e(child.name)}</p>
<dl>${facts
    .filter(([, v]) => v)
    .map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v!)}</dd>`)
    .join('')}</dl>
</div>
</div>
<section class="actions" aria-label="${e(pageText(language, 'whatToDo'))}">
<h2>${e(pageText(language, 'whatToDo'))}</h2>
<p>${e(instruction)}</p>
<p><a class="call" href="tel:${HOTLINE_116000_DIAL}">${e(pageText(language, 'call116'))}</a>
<a class="call police" href="tel:${e(police.phone.replace(/[^+0-9]/g, ''))}">${e(pageText(language, 'callPolice'))}: ${e(police.phone)}</a></p>
</section>
<section><h2>${e(t(language, 'field.description'))}</h2><p>${e(texts.description ?? '')}</p><p>${e(texts.circumstances ?? '')}</p></section>
<section><h2>${e(t(language, 'field.lastSeen'))}</h2>
<p>${e(t(language, 'lastSeen.summary', { time: when, place: place.address }))}</p>
${borderMapSvg(place, e(pageText(language, 'map')))}
</section>
${suspects ? `<section><h2>${e(t(language, 'field.suspect'))}</h2><ul>${suspects}</ul></section>` : ''}
${vehicle ? `<section><h2>${e(t(language, 'field.vehicle'))}</h2><p>${vehicleHtml}</p></section>` : ''}
<section class="share"><h2>${e(pageText(language, 'share'))}</h2>
<a href="https://www.facebook.com/sharer/sharer.php?u=${share}" rel="noopener">Facebook</a>
<a href="https://x.com/intent/post?url=${share}&amp;text=${shareText}" rel="noopener">X</a>
<a href="https://wa.me/?text=${shareText}%20${share}" rel="noopener">WhatsApp</a>
<a href="mailto:?subject=${shareText}&amp;body=${share}">${e(pageText(language, 'shareEmail'))}</a>
</section>
<p class="hotline">${e(t(language, 'alert.contact', { policeUnit: police.unit, policePhone: police.phone }))}</p>`;
  return { title, main };
}

function endedAlert(view: PublicAlertDto, language: string): { title: string; main: string } {
  const message = view.messages?.[language] ??
    Object.values(view.messages ?? {})[0] ?? { label: '', text: '' };
  const found = view.outcome === 'found_safe';
  return {
    title: message.label,
    main: `<h1 class="${found ? 'found' : 'ended'}" data-outcome="${e(view.outcome ?? '')}">${e(message.label)}</h1>
<p class="ended-text">${e(message.text)}</p>`,
  };
}

const PAGE_STYLE = `body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:46em;margin:auto;padding:1em;color:#111;background:#fff;line-height:1.45}
h1{font-size:1.6em}.exercise{background:#ffd400;color:#000;font-weight:bold;padding:.6em;border:3px dashed #000;text-align:center}
body.is-exercise{border:8px solid #ffd400}.top{display:flex;gap:1em;flex-wrap:wrap}.photo{max-width:300px;width:100%;border:1px solid #767676}
.name{font-size:1.3em;font-weight:bold;margin:0}dt{font-weight:bold}dd{margin:0 0 .3em}
.call{display:inline-block;background:#a4001d;color:#fff;font-size:1.3em;font-weight:bold;padding:.5em 1em;border-radius:6px;text-decoration:none;margin:.2em .4em .2em 0}
.call.police{background:#0b4f9c}.call:focus{outline:3px solid #ffbf47;outline-offset:2px}
.map{width:100%;max-width:40em;border:1px solid #767676}.plate{font-family:monospace;font-size:1.2em;border:2px solid #111;padding:0 .3em}
.share a{margin-right:1em;color:#0b4f9c}.found{color:#1b5e20;font-size:2.2em}.ended{color:#333}.languages{text-align:right}
footer{margin-top:2em;border-top:1px solid #767676;padding-top:.5em}a{color:#0b4f9c}.meta{color:#444}`;
