import { escapeHtml as e } from '@childalert/alerts';
import { t } from '@childalert/i18n';
import type { PublicAlertDto } from '../alerts/dto/alert-view.dto';
import { pathOf } from './public-alert-page.renderer';
import { pageText } from './public-pages.texts';
import { regionName } from './regions';

/**
 * The embeddable list of active alerts for a region: a few kB of HTML with
 * inline styles, 192 px photos, no script; links open the alert's page in
 * the embedding window.
 */
export function widgetPage(alerts: PublicAlertDto[], region: string, language: string): string {
  const items = alerts
    .map((view) => {
      const content = view.alert!;
      const child = content.child as { name: string; age: number };
      const lang = content.languages.includes(language) ? language : content.languages[0];
      const texts = (content.texts[lang] ?? {}) as { headline?: string };
      const headline =
        texts.headline ?? t(lang, 'alert.headline.default', { name: child.name, age: child.age });
      const photo = content.photos[0];
      return `<li${view.exercise ? ' class="exercise"' : ''}>${
        photo ? `<img src="${e(pathOf(photo.urls.push))}" alt="" width="64" height="64">` : ''
      }<div>${view.exercise ? `<strong>${e(t(lang, 'alert.label.exercise'))}</strong> ` : ''}<a href="/alerts/${e(view.id)}?lang=${e(lang)}" target="_top">${e(headline)}</a><br><a class="call" href="tel:116000" target="_top">116 000</a></div></li>`;
    })
    .join('');
  return `<!doctype html>
<html lang="${e(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(pageText(language, 'widgetTitle'))}</title>
<style>body{margin:0;font:14px/1.35 'DejaVu Sans',Arial,sans-serif;color:#111;background:#fff}
.w{border:2px solid #a4001d;border-radius:6px;padding:6px 8px}h1{font-size:15px;margin:0 0 6px;color:#a4001d}
ul{list-style:none;margin:0;padding:0}li{display:flex;gap:8px;padding:6px 0;border-top:1px solid #ddd}
li.exercise{background:#fff4b3}img{object-fit:cover;border-radius:4px}a{color:#0b4f9c;font-weight:bold}
.call{color:#a4001d}p{margin:4px 0;color:#444}</style></head>
<body><div class="w"><h1>${e(pageText(language, 'widgetTitle'))} — ${e(regionName(region, language))}</h1>
${items ? `<ul>${items}</ul>` : `<p>${e(pageText(language, 'widgetNone'))}</p>`}
<p><a href="/subscribe?lang=${e(language)}" target="_top">${e(pageText(language, 'subscribeLink'))}</a></p></div></body></html>
`;
}

/**
 * `<script src="https://…/widget.js" data-region="GR-I" data-lang="el" async></script>`:
 * puts the widget's iframe where the tag is. Under a kilobyte.
 */
export const WIDGET_SCRIPT = `(function () {
  var s = document.currentScript; if (!s) return;
  var origin = new URL(s.src).origin;
  var q = new URLSearchParams({ region: s.dataset.region || 'GR', lang: s.dataset.lang || (navigator.language || 'en').slice(0, 2) });
  var f = document.createElement('iframe');
  f.src = origin + '/widget?' + q.toString();
  f.title = s.dataset.title || 'Child alerts';
  f.loading = 'lazy';
  f.style.cssText = 'border:0;width:100%;max-width:' + (s.dataset.width || '360px') + ';height:' + (s.dataset.height || '260px');
  s.parentNode.insertBefore(f, s);
})();
`;
