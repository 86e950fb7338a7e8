import type { EmailMessage } from '@childalert/email';
import type { StoredArea } from '../area/area.types';
import { type ListUnsubscribeHeaders } from './subscription-links';
import { subscriptionText } from './subscription-texts';

export interface ConfirmationEmailInput {
  from: string;
  to: string;
  language: string;
  area: StoredArea;
  confirmUrl: string;
  unsubscribeUrl: string;
  unsubscribeHeaders: ListUnsubscribeHeaders;
  ttlHours: number;
}

export function describeArea(language: string, area: StoredArea): string {
  switch (area.kind) {
    case 'circle':
      return subscriptionText(language, 'area.circle', {
        radiusKm: round(area.radiusKm, 1),
        lat: round(area.lat, 4),
        lon: round(area.lon, 4),
      });
    case 'regions':
      return subscriptionText(language, 'area.regions', { codes: area.codes.join(', ') });
  }
}

/** The double opt-in e-mail: plain text and HTML, the link, how to ignore it, how to leave. */
export function buildConfirmationEmail(input: ConfirmationEmailInput): EmailMessage {
  const { language } = input;
  const intro = subscriptionText(language, 'confirm.intro', { area: describeArea(language, input.area) });
  const action = subscriptionText(language, 'confirm.action', { hours: input.ttlHours });
  const ignore = subscriptionText(language, 'confirm.ignore');
  const unsubscribe = subscriptionText(language, 'confirm.unsubscribe', { url: input.unsubscribeUrl });
  const text = [intro, '', action, input.confirmUrl, '', ignore, '', unsubscribe, ''].join('\n');
  const html = [
    '<!doctype html>',
    `<html lang="${escapeHtml(language)}"><body style="font-family:sans-serif;line-height:1.5">`,
    `<p>${escapeHtml(intro)}</p>`,
    `<p>${escapeHtml(action)}</p>`,
    `<p><a href="${escapeHtml(input.confirmUrl)}" style="display:inline-block;padding:10px 16px;background:#b00020;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(subscriptionText(language, 'confirm.button'))}</a></p>`,
    `<p style="word-break:break-all;color:#555">${escapeHtml(input.confirmUrl)}</p>`,
    `<p>${escapeHtml(ignore)}</p>`,
    `<p style="color:#555;font-size:small">${escapeHtml(subscriptionText(language, 'confirm.unsubscribe', { url: '' }))}<a href="${escapeHtml(input.unsubscribeUrl)}">${escapeHtml(input.unsubscribeUrl)}</a></p>`,
    '</body></html>',
  ].join('\n');
  return {
    from: input.from,
    to: input.to,
    subject: subscriptionText(language, 'confirm.subject'),
    text,
    html,
    headers: { ...input.unsubscribeHeaders },
  };
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
