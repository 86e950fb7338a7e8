import { renderAll } from './alert-renderings';
import { renderEmail } from './email.renderer';
import { renderPush } from './push.renderer';
import type { RenderContext } from './render-context';
import { renderSocial, weightedLength } from './social.renderer';
import { truncate } from './alert-text.util';
import { transition } from '../lifecycle/alert-lifecycle';
import type { AlertVersion } from '../model/alert.types';
import {
  ACTORS,
  FIXTURE_NOW,
  anAlertContent,
  anAlertIn,
  confirmationFor,
  expectOk,
} from '../testing/alert.fixtures';

const CONTEXT: RenderContext = {
  publicBaseUrl: 'https://amber.example.gr',
  timeZone: 'Europe/Athens',
  photoUrl: (id, variant) => `https://amber.example.gr/photos/${id}/${variant}.jpg`,
};

const live = (content = anAlertContent()): AlertVersion => anAlertIn('ACTIVE', content).live!;

function foundSafe(): AlertVersion {
  const active = anAlertIn('ACTIVE');
  return expectOk(
    transition(
      active,
      { type: 'resolve', confirmation: confirmationFor(active, { type: 'resolve' }, ACTORS.operator) },
      ACTORS.operator,
      FIXTURE_NOW,
    ),
  ).live!;
}

const LONG = anAlertContent({
  child: { ...anAlertContent().child, name: 'Alexandra-Konstantina Papadopoulou-Georgiou' },
  texts: {
    el: { headline: 'Ω'.repeat(140), description: 'δ'.repeat(2000), circumstances: 'σ'.repeat(1000) },
    en: {
      headline: 'word '.repeat(28).trim(),
      description: 'd'.repeat(2000),
      circumstances: 'c'.repeat(1000),
    },
  },
  lastSeen: {
    at: new Date('2026-03-01T10:30:00Z'),
    place: { lat: 37.98, lon: 23.72, address: 'a'.repeat(300) },
  },
});

describe('renderPush', () => {
  it('names the child in the title and ends with the call to action', () => {
    const sut = renderPush(live(), 'en', CONTEXT);
    expect(sut).toEqual({
      language: 'en',
      title: 'AMBER Alert: Maria Papadopoulou, 7',
      body: 'Maria, 7, taken in a silver Toyota Yaris in Athens. Last seen 1 Mar 2026, 12:30 at Omonoia Square, Athens. Call 116 000 or the police on +30 210 000 0000.',
      url: `https://amber.example.gr/alerts/${live().alertId}`,
      tag: `childalert-${live().alertId}`,
      icon: `https://amber.example.gr/photos/${anAlertContent().photoIds[0]}/push.jpg`,
      requireInteraction: true,
      exercise: false,
    });
  });

  it.each(['el', 'en'])('stays within 65/240 characters in %s, keeping the hotline', (language) => {
    const sut = renderPush(live(LONG), language, { ...CONTEXT, update: true });
    expect([...sut.title].length).toBeLessThanOrEqual(65);
    expect([...sut.body].length).toBeLessThanOrEqual(240);
    expect(sut.body).toContain('116 000');
    expect(sut.body).toContain('…');
  });

  it('labels an exercise and an update', () => {
    expect(
      renderPush(live(anAlertContent({ exercise: true })), 'el', { ...CONTEXT, update: true }).title,
    ).toBe('ΑΣΚΗΣΗ – ΕΝΗΜΕΡΩΣΗ – AMBER Alert: Maria Papadopoulou, 7');
  });

  it('tells of a found child without naming or showing them', () => {
    const sut = renderPush(foundSafe(), 'en', CONTEXT);
    expect(sut).toMatchObject({
      title: 'AMBER Alert: FOUND SAFE',
      body: 'The child of this alert has been found safe. Thank you to everyone who helped.',
      requireInteraction: false,
    });
    expect(sut.icon).toBeUndefined();
  });
});

describe('renderSocial', () => {
  it('fits X with the link, the hotline and the hashtags', () => {
    const sut = renderSocial(live(), 'en', CONTEXT);
    expect(sut.text).toBe(
      `AMBER Alert: Maria, 7, taken in a silver Toyota Yaris in Athens. Last seen 1 Mar 2026, 12:30 at Omonoia Square, Athens. Call 116 000 or the police on +30 210 000 0000. https://amber.example.gr/alerts/${live().alertId} #AmberAlert #116000`,
    );
    expect(sut.weightedLength).toBe(weightedLength(sut.text));
    expect(sut.weightedLength).toBeLessThanOrEqual(280);
    expect(sut.imageUrl).toBe(`https://amber.example.gr/photos/${anAlertContent().photoIds[0]}/social.jpg`);
  });

  it.each(['el', 'en'])('shortens the story, never the link or the hotline, in %s', (language) => {
    const sut = renderSocial(live(LONG), language, CONTEXT);
    expect(sut.weightedLength).toBeLessThanOrEqual(280);
    expect(sut.text).toContain(`https://amber.example.gr/alerts/${live().alertId} #AmberAlert #116000`);
    expect(sut.text).toContain('116 000 ');
  });

  it('counts as X does: a link 23, an emoji 2, Greek 1', () => {
    expect(weightedLength(`see https://example.org/${'x'.repeat(100)}`)).toBe(4 + 23);
    expect(weightedLength('👧')).toBe(2);
    expect(weightedLength('παιδί')).toBe(5);
  });

  it('ends without personal data', () => {
    expect(renderSocial(foundSafe(), 'el', CONTEXT).text).toBe(
      `AMBER Alert: ΒΡΕΘΗΚΕ ΣΩΟ. Το παιδί αυτής της ειδοποίησης βρέθηκε σώο. Ευχαριστούμε όλους όσοι βοήθησαν. https://amber.example.gr/alerts/${live().alertId} #AmberAlert #116000`,
    );
  });
});

describe('renderEmail', () => {
  it('writes subject, text and escaped html with the photo, hotline and unsubscribe link', () => {
    const content = anAlertContent();
    const hostile = anAlertContent({
      texts: {
        ...content.texts,
        en: { ...content.texts.en, description: 'Wore a <script>alert(1)</script> "shirt"' },
      },
    });
    const sut = renderEmail(live(hostile), 'en', {
      ...CONTEXT,
      unsubscribeUrl: 'https://amber.example.gr/u/abc',
    });

    expect(sut.subject).toBe('AMBER Alert: Maria, 7, taken in a silver Toyota Yaris in Athens');
    expect(sut.text).toContain('Wore a <script>alert(1)</script> "shirt"');
    expect(sut.text).toContain('Vehicle: silver Toyota Yaris, plate ΙΚΥ-1234');
    expect(sut.text).toContain('https://amber.example.gr/u/abc');
    expect(sut.html).toContain('Wore a &lt;script&gt;alert(1)&lt;/script&gt; &quot;shirt&quot;');
    expect(sut.html).not.toContain('<script>');
    expect(sut.html).toContain(
      `<img src="https://amber.example.gr/photos/${content.photoIds[0]}/email.jpg" width="600"`,
    );
    expect(sut.html).toContain('<a href="tel:116000">116 000</a>');
    expect(sut.html).toContain('<a href="https://amber.example.gr/u/abc">');
  });

  it('keeps the subject short', () => {
    expect(
      [...renderEmail(live(LONG), 'el', { ...CONTEXT, update: true }).subject].length,
    ).toBeLessThanOrEqual(120);
  });

  it('ends without personal data', () => {
    const sut = renderEmail(foundSafe(), 'en', CONTEXT);
    expect(sut.subject).toBe('AMBER Alert: FOUND SAFE');
    for (const part of [sut.text, sut.html]) {
      expect(part).not.toContain('Maria');
      expect(part).not.toContain('<img');
    }
  });
});

describe('renderAll', () => {
  it('renders every channel in every language of the version', () => {
    const sut = renderAll(live(), CONTEXT);
    expect(Object.keys(sut)).toEqual(['el', 'en']);
    expect(sut.el.push.title).toBe('AMBER Alert: Maria Papadopoulou, 7');
    expect(sut.el.email.subject).toBe('AMBER Alert: Εξαφάνιση παιδιού: Maria Papadopoulou, 7');
  });
});

describe('truncate', () => {
  it('cuts at a word boundary with an ellipsis, counting characters not UTF-16 units', () => {
    expect(truncate('one two three four', 12)).toBe('one two…');
    expect(truncate('short', 12)).toBe('short');
    expect([...truncate('👧'.repeat(20), 10)].length).toBe(10);
  });
});
