import type { Request, Response } from 'express';
import {
  escapeHtml,
  SUBSCRIPTION_TEXT_LANGUAGES,
  subscriptionText,
  type SubscriptionTextKey,
} from '@childalert/audience';

/**
 * The small pages behind the links in e-mails. A browser (Accept: text/html)
 * gets a page in its language; an API client gets JSON. Links carry a token
 * in the URL, so no page sends a Referer or is cached, framed or scripted.
 */

export interface PageContent {
  title: SubscriptionTextKey;
  text?: SubscriptionTextKey;
  /** A literal line under the title (an error's message). */
  detail?: string;
  /** A button that POSTs back to this same URL. */
  button?: SubscriptionTextKey;
}

const SECURITY_HEADERS: Record<string, string> = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

const PAGE_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

export function prefersHtml(request: Request): boolean {
  return request.accepts(['json', 'html']) === 'html';
}

export function pageLanguage(request: Request): string {
  const language = request.acceptsLanguages(...SUBSCRIPTION_TEXT_LANGUAGES);
  return typeof language === 'string' ? language : 'en';
}

export function renderPage(language: string, content: PageContent): string {
  const title = escapeHtml(subscriptionText(language, content.title));
  const lines = [
    content.text ? `<p>${escapeHtml(subscriptionText(language, content.text))}</p>` : '',
    content.detail ? `<p>${escapeHtml(content.detail)}</p>` : '',
    content.button
      ? `<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">` +
        `<button type="submit">${escapeHtml(subscriptionText(language, content.button))}</button></form>`
      : '',
  ].filter((line) => line !== '');
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(language)}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title>`,
    '<style>body{font-family:sans-serif;max-width:36em;margin:3em auto;padding:0 1em;line-height:1.5}' +
      'button{font-size:1.1em;padding:.5em 1.2em}</style></head>',
    `<body><h1>${title}</h1>`,
    ...lines,
    '</body></html>',
  ].join('\n');
}

/** Answers with a page or JSON as the client prefers; the same status either way. */
export function reply(
  request: Request,
  response: Response,
  status: number,
  json: object,
  page: PageContent,
): void {
  response.status(status).set(SECURITY_HEADERS);
  if (prefersHtml(request)) {
    response
      .set({ 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAGE_POLICY })
      .send(renderPage(pageLanguage(request), page));
  } else {
    response.json(json);
  }
}
