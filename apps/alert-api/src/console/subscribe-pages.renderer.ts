import { escapeHtml as e } from '@childalert/alerts';
import { PAGE_LANGUAGES, pageText, type PageTextKey } from './public-pages.texts';
import { PICKABLE_REGIONS } from './regions';

/** Texts the script shows (status and errors), in the page's language. */
const SCRIPT_TEXTS: PageTextKey[] = [
  'locating',
  'located',
  'locateFailed',
  'pushOn',
  'pushOff',
  'pushUnsupported',
  'pushDenied',
  'emailSent',
  'needArea',
  'needEmail',
];

const LANGUAGE_NAMES: Record<string, string> = { el: 'Ελληνικά', en: 'English' };

function shell(language: string, title: string, body: string): string {
  const texts = Object.fromEntries(SCRIPT_TEXTS.map((key) => [key, pageText(language, key)]));
  // JSON in a non-executed script element: `<` escaped so no text can close it.
  const json = JSON.stringify(texts).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="${e(language)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<nav class="languages">${PAGE_LANGUAGES.filter((l) => l !== language)
    .map((l) => `<a href="?lang=${l}" lang="${l}">${LANGUAGE_NAMES[l] ?? l}</a>`)
    .join(' ')}</nav>
<main>
${body}
</main>
<script type="application/json" id="page-texts">${json}</script>
<script src="/subscribe.js" defer></script>
</body>
</html>
`;
}

export function subscribePage(language: string): string {
  const t = (key: PageTextKey) => e(pageText(language, key));
  const regions = PICKABLE_REGIONS.map(
    (region) => `<option value="${region.code}">${e(language === 'el' ? region.el : region.en)}</option>`,
  ).join('');
  const languages = PAGE_LANGUAGES.map(
    (l) => `<option value="${l}"${l === language ? ' selected' : ''}>${LANGUAGE_NAMES[l] ?? l}</option>`,
  ).join('');
  return shell(
    language,
    pageText(language, 'subscribeTitle'),
    `<h1>${t('subscribeTitle')}</h1>
<p>${t('subscribeIntro')}</p>
<fieldset><legend>${t('area')}</legend>
<p><button type="button" id="locate">${t('locateMe')}</button>
<label for="radius">${t('radius')}</label> <input id="radius" type="number" min="1" max="100" value="10" inputmode="numeric"></p>
<p><label for="region">${t('region')}</label>
<select id="region" aria-describedby="area-status"><option value="">—</option>${regions}</select></p>
<p id="area-status" data-for="region" role="status" hidden></p>
</fieldset>
<p><label for="language">${t('language')}</label> <select id="language">${languages}</select></p>
<fieldset><legend>${t('browser')}</legend>
<p><button type="button" id="push-enable" class="primary">${t('enablePush')}</button></p>
<p id="push-status" role="status" hidden></p>
</fieldset>
<form id="email-form" novalidate><fieldset><legend>${t('email')}</legend>
<p><label for="email">${t('emailAddress')}</label>
<input id="email" type="email" autocomplete="email" aria-describedby="email-error" required>
<span id="email-error" data-for="email" role="alert" hidden></span></p>
<p><button type="submit" class="primary">${t('emailSubmit')}</button></p>
<p id="email-status" role="status" hidden></p>
</fieldset></form>
<p><a href="/unsubscribe?lang=${e(language)}">${t('unsubscribeTitle')}</a></p>`,
  );
}

export function unsubscribePage(language: string): string {
  const t = (key: PageTextKey) => e(pageText(language, key));
  return shell(
    language,
    pageText(language, 'unsubscribeTitle'),
    `<h1>${t('unsubscribeTitle')}</h1>
<p>${t('unsubscribeEmail')}</p>
<p>${t('unsubscribeBrowser')}</p>
<p><button type="button" id="push-disable" class="danger">${t('disablePush')}</button></p>
<p id="push-status" role="status" hidden></p>
<p><a href="/subscribe?lang=${e(language)}">${t('subscribeLink')}</a></p>`,
  );
}

const STYLE = `body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:40em;margin:auto;padding:1em;color:#111;background:#fff;line-height:1.45}
fieldset{border:1px solid #767676;margin:0 0 1em}legend{font-weight:bold}label{font-weight:600}
input,select,button{font:inherit;padding:.35em}input,select{border:1px solid #767676}
button{border:1px solid #767676;border-radius:4px;background:#f2f2f2;color:#111;cursor:pointer}
button.primary{background:#0b4f9c;border-color:#0b4f9c;color:#fff}button.danger{background:#a4001d;border-color:#a4001d;color:#fff}
:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}.error{color:#a4001d;font-weight:600;display:block}
.status{color:#1b5e20;font-weight:600}[aria-invalid=true]{border:2px solid #a4001d}.languages{text-align:right}a{color:#0b4f9c}`;
