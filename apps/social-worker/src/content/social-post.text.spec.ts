import { type AlertVersion, AlertFixtures, weightedLength } from '@childalert/alerts';
import { altTextOf, postTextOf } from './social-post.text';

const { anAlertContent } = AlertFixtures;
const OPTIONS = {
  publicBaseUrl: 'https://amber.example.gr',
  timeZone: 'Europe/Athens',
  hashtags: '#AmberAlert #116000 #Hellas',
  update: false,
};
const ALERT_ID = '6f1c1d0e-3c57-4b8e-9a55-0c1f3f2b8a01';

const version = (content = anAlertContent()): AlertVersion => ({
  alertId: ALERT_ID,
  version: 1,
  contentHash: 'x',
  createdAt: new Date(),
  createdBy: { userId: 'u', organisationId: 'o' },
  kind: 'content',
  content,
});

const greek = (n: number) => 'Ωμέγα '.repeat(Math.ceil(n / 6)).slice(0, n);
const LONGEST = anAlertContent({
  child: { ...anAlertContent().child, name: greek(100) },
  lastSeen: { ...anAlertContent().lastSeen, place: { lat: 0, lon: 0, address: greek(300) } },
  texts: {
    el: { headline: `👧 ${greek(140)}`, description: 'd', circumstances: 'c' },
    en: { headline: '👧'.repeat(70), description: 'd', circumstances: 'c' },
  },
});

describe(postTextOf.name, () => {
  it('says the key facts, the hotline, the police number, the page and the configured hashtags', () => {
    const sut = postTextOf(version(), 'en', OPTIONS);
    expect(sut).toBe(
      `AMBER Alert: ${anAlertContent().texts.en.headline}. Last seen 1 Mar 2026, 12:30 at Omonoia Square, Athens. ` +
        `Call 116 000 or the police on +30 210 000 0000. https://amber.example.gr/alerts/${ALERT_ID} #AmberAlert #116000 #Hellas`,
    );
  });

  it.each(['el', 'en'])('fits 280 as X counts, shortening only the story (%s)', (language) => {
    const sut = postTextOf(version(LONGEST), language, { ...OPTIONS, update: true });
    expect(weightedLength(sut)).toBeLessThanOrEqual(280);
    expect(sut).toContain('…');
    expect(sut).toContain(`116 000`);
    expect(sut.endsWith(`https://amber.example.gr/alerts/${ALERT_ID} #AmberAlert #116000 #Hellas`)).toBe(
      true,
    );
  });

  it('labels an update', () => {
    expect(postTextOf(version(), 'el', { ...OPTIONS, update: true })).toMatch(
      /^AMBER Alert: ΕΝΗΜΕΡΩΣΗ|^ΕΝΗΜΕΡΩΣΗ/,
    );
  });

  it('ends with the outcome only: no name, no place', () => {
    const closure: AlertVersion = {
      ...version(),
      kind: 'closure',
      content: {
        outcome: 'found_safe',
        languages: ['el', 'en'],
        area: anAlertContent().area,
        exercise: false,
      },
    };
    const sut = postTextOf(closure, 'en', OPTIONS);
    expect(sut).toBe(
      `AMBER Alert: FOUND SAFE. The child of this alert has been found safe. Thank you to everyone who helped. ` +
        `https://amber.example.gr/alerts/${ALERT_ID} #AmberAlert #116000 #Hellas`,
    );
  });
});

describe(altTextOf.name, () => {
  it('describes who the photo shows, in the language', () => {
    expect(altTextOf(anAlertContent(), 'en')).toBe(
      'Photo of the child: Maria Papadopoulou, 7 years old, girl',
    );
    expect(altTextOf(anAlertContent(), 'el')).toBe(
      'Φωτογραφία του παιδιού: Maria Papadopoulou, 7 ετών, κορίτσι',
    );
  });
});
