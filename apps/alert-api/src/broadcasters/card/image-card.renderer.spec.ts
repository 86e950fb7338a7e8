import sharp from 'sharp';
import { AlertFixtures } from '@childalert/alerts';
import { CARD_HEIGHT, CARD_WIDTH, renderImageCard } from './image-card.renderer';

describe('renderImageCard', () => {
  const content = AlertFixtures.anAlertContent();

  async function decoded(png: Buffer) {
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    return { data, info };
  }

  it('renders 1920×1080 PNG with the photo in its frame', async () => {
    const photo = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#00ff00' } })
      .png()
      .toBuffer();
    const sut = await renderImageCard({
      kind: 'content',
      content,
      language: 'el',
      timeZone: 'Europe/Athens',
      photo,
    });

    const { data, info } = await decoded(sut);
    expect((await sharp(sut).metadata()).format).toBe('png');
    expect([info.width, info.height]).toEqual([CARD_WIDTH, CARD_HEIGHT]);
    // The middle of the photo frame is the photo's green.
    const at = (x: number, y: number) => [
      ...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3),
    ];
    expect(at(380, 550)).toEqual([0, 255, 0]);
    // The hotline band is yellow.
    expect(at(1900, CARD_HEIGHT - 10)).toEqual([255, 209, 0]);
  });

  it('renders an alert without a photo, and one whose photo no longer decodes', async () => {
    for (const photo of [undefined, Buffer.from('not an image')]) {
      const sut = await renderImageCard({
        kind: 'content',
        content: { ...content, photoIds: [] },
        language: 'en',
        timeZone: 'UTC',
        ...(photo ? { photo } : {}),
      });
      const { info } = await decoded(sut);
      expect([info.width, info.height]).toEqual([CARD_WIDTH, CARD_HEIGHT]);
    }
  });

  it('renders an ended alert without its content', async () => {
    const sut = await renderImageCard({
      kind: 'closure',
      content: { outcome: 'found_safe', languages: ['el', 'en'], area: content.area, exercise: false },
      language: 'en',
    });
    const { data, info } = await decoded(sut);
    expect([info.width, info.height]).toEqual([CARD_WIDTH, CARD_HEIGHT]);
    // The band is green (found safe), not the alert's red.
    expect([
      ...data.subarray(
        (10 * info.width + 1900) * info.channels,
        (10 * info.width + 1900) * info.channels + 3,
      ),
    ]).toEqual([27, 127, 59]);
  });
});
