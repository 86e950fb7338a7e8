import { t } from '@childalert/i18n';
import { CHANNEL_LIMITS } from '../model/alert-limits';
import { HOTLINE_116000, HOTLINE_116000_DIAL } from '../model/alert-content.types';
import type { AlertVersion } from '../model/alert.types';
import {
  alertPageUrl,
  closureTextsOf,
  contactOf,
  factLines,
  headlineOf,
  instructionOf,
  labelsOf,
  truncate,
  withLabels,
} from './alert-text.util';
import type { RenderContext } from './render-context';

export interface EmailRendering {
  language: string;
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

export function renderEmail(version: AlertVersion, language: string, context: RenderContext): EmailRendering {
  const url = alertPageUrl(context.publicBaseUrl, version.alertId);
  const brand = t(language, 'alert.brand');
  const footer = [
    t(language, 'email.footer'),
    ...(context.unsubscribeUrl ? [context.unsubscribeUrl] : []),
  ].join(' ');

  if (version.kind === 'closure') {
    const texts = closureTextsOf(version.content, language);
    const heading = withLabels(texts.label, labelsOf(version.content.exercise, false, language));
    const subject = truncate(`${brand}: ${heading}`, CHANNEL_LIMITS.emailSubject);
    const text = [
      heading,
      texts.text,
      texts.instruction,
      t(language, 'alert.moreInfo', { url }),
      '--',
      footer,
    ].join('\n\n');
    const html = page(language, [
      `<h1>${escapeHtml(heading)}</h1>`,
      `<p>${escapeHtml(texts.text)}</p>`,
      `<p>${escapeHtml(texts.instruction)}</p>`,
      `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`,
      footerHtml(footer, context.unsubscribeUrl),
    ]);
    return { language, subject, text, html };
  }

  const content = version.content;
  const texts = content.texts[language];
  const labels = labelsOf(content.exercise, context.update ?? false, language);
  const heading = withLabels(headlineOf(content, language), labels);
  const subject = truncate(`${brand}: ${heading}`, CHANNEL_LIMITS.emailSubject);
  const facts = factLines(content, language, context.timeZone);
  const instruction = instructionOf(content, language);
  const contact = contactOf(content, language);
  const exerciseNote = content.exercise ? [t(language, 'alert.text.exerciseNote')] : [];

  const text = [
    heading,
    ...exerciseNote,
    texts?.description,
    texts ? `${t(language, 'field.circumstances')}: ${texts.circumstances}` : undefined,
    facts.map(([label, value]) => `${label}: ${value}`).join('\n'),
    instruction,
    contact,
    t(language, 'alert.moreInfo', { url }),
    '--',
    footer,
  ]
    .filter((part): part is string => Boolean(part))
    .join('\n\n');

  const firstPhoto = content.photoIds[0];
  const photo =
    firstPhoto && context.photoUrl
      ? `<p><img src="${escapeHtml(context.photoUrl(firstPhoto, 'email'))}" width="600" alt="${escapeHtml(t(language, 'alert.photo.description'))}" style="max-width:100%;height:auto"></p>`
      : '';
  const html = page(language, [
    ...(content.exercise ? [`<p><strong>${escapeHtml(exerciseNote[0])}</strong></p>`] : []),
    `<h1>${escapeHtml(heading)}</h1>`,
    photo,
    texts ? `<p>${escapeHtml(texts.description)}</p>` : '',
    texts
      ? `<p><strong>${escapeHtml(t(language, 'field.circumstances'))}:</strong> ${escapeHtml(texts.circumstances)}</p>`
      : '',
    `<table>${facts.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</table>`,
    `<p><strong>${escapeHtml(instruction)}</strong></p>`,
    `<p>${escapeHtml(contact)} · <a href="tel:${HOTLINE_116000_DIAL}">${HOTLINE_116000}</a></p>`,
    `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`,
    footerHtml(footer, context.unsubscribeUrl),
  ]);
  return { language, subject, text, html };
}

function footerHtml(footer: string, unsubscribeUrl: string | undefined): string {
  const link = unsubscribeUrl
    ? ` <a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(unsubscribeUrl)}</a>`
    : '';
  return `<hr><p style="font-size:small">${escapeHtml(footer.replace(unsubscribeUrl ?? '\u0000', '').trim())}${link}</p>`;
}

function page(language: string, body: string[]): string {
  return `<!doctype html><html lang="${escapeHtml(language)}"><head><meta charset="utf-8"></head><body>${body.filter(Boolean).join('')}</body></html>`;
}
