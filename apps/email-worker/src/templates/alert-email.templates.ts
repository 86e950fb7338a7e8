import { Inject, Injectable } from '@nestjs/common';
import { escapeHtml, renderEmail } from '@childalert/alerts';
import type { PublishedVersion } from '@childalert/delivery';
import { EMAIL_SETTINGS, type EmailSettings } from '../email.settings';
import { changedFields } from './content-changes';
import { emailText, fieldLabel } from './email-texts';

/** An alert e-mail of one version in one language, before the recipient's own link goes in. */
export interface PreparedEmail {
  language: string;
  subject: string;
  text: string;
  html: string;
}

/** Stands for the recipient's unsubscribe URL in a prepared e-mail; no escaping changes it. */
const UNSUBSCRIBE_SLOT = 'https://unsubscribe.invalid/childalert-recipient-slot';

/**
 * Alert e-mails from libs/alerts' renderEmail (HTML and plain text, per
 * language: photo, description, what to do, police contact, 116 000; the
 * closure says FOUND SAFE, cancelled or ended), rendered once per version and
 * language with a slot for the recipient's unsubscribe link, which `personalise`
 * fills. An update also says which facts changed.
 */
@Injectable()
export class AlertEmailTemplates {
  constructor(@Inject(EMAIL_SETTINGS) private readonly settings: EmailSettings) {}

  prepare(published: PublishedVersion, language: string): PreparedEmail {
    const { alertId } = published;
    const base = this.settings.publicBaseUrl;
    const rendering = renderEmail(published.alertVersion, language, {
      publicBaseUrl: base,
      timeZone: this.settings.timeZone,
      update: published.eventType === 'updated',
      photoUrl: (photoId, variant) => `${base}/v1/alerts/${alertId}/photos/${photoId}/${variant}`,
      unsubscribeUrl: UNSUBSCRIBE_SLOT,
    });
    let { text, html } = rendering;
    const changes = this.changesLine(published, language);
    if (changes !== undefined) {
      // After the heading: the first thing a reader of an update sees.
      const cut = text.indexOf('\n\n');
      text = cut < 0 ? `${text}\n\n${changes}` : `${text.slice(0, cut)}\n\n${changes}${text.slice(cut)}`;
      html = html.replace('</h1>', `</h1><p><strong>${escapeHtml(changes)}</strong></p>`);
    }
    return { language, subject: rendering.subject, text, html };
  }

  /** The e-mail for one recipient: their own unsubscribe link in the body. */
  personalise(prepared: PreparedEmail, unsubscribeUrl: string): { text: string; html: string } {
    return {
      text: prepared.text.split(UNSUBSCRIBE_SLOT).join(unsubscribeUrl),
      html: prepared.html.split(UNSUBSCRIBE_SLOT).join(escapeHtml(unsubscribeUrl)),
    };
  }

  private changesLine(published: PublishedVersion, language: string): string | undefined {
    const { alertVersion, previous } = published;
    if (published.eventType !== 'updated' || alertVersion.kind !== 'content' || previous === undefined) {
      return undefined;
    }
    const fields = changedFields(previous.content, alertVersion.content, language);
    if (fields.length === 0) return undefined;
    return emailText(language, 'changed', { fields: fields.map((f) => fieldLabel(language, f)).join(', ') });
  }
}
