import { createECDH, randomBytes } from 'node:crypto';
import * as ece from 'http_ece';
import { decodePushKeys, encryptPush } from './push-encryption';

describe('encryptPush', () => {
  const browser = createECDH('prime256v1');
  browser.generateKeys();
  const authSecret = randomBytes(16);
  const subscription = {
    p256dh: browser.getPublicKey().toString('base64url'),
    auth: authSecret.toString('base64url'),
  };
  const plaintext = Buffer.from(JSON.stringify({ title: 'AMBER Alert', body: 'Ελένη, 7 ετών' }), 'utf8');

  it('produces what http_ece decrypts with the browser key (RFC 8291, aes128gcm)', () => {
    const sut = encryptPush(decodePushKeys(subscription), plaintext);

    const decrypted = ece.decrypt(sut, {
      version: 'aes128gcm',
      privateKey: browser,
      authSecret: subscription.auth,
    });
    expect(decrypted.equals(plaintext)).toBe(true);
    expect(sut.length).toBe(16 + 4 + 1 + 65 + plaintext.length + 1 + 16);
    expect(sut.readUInt32BE(16)).toBe(4096);
  });

  it('is byte for byte what http_ece encrypts with the same salt and sender key', () => {
    const salt = randomBytes(16);
    const sender = createECDH('prime256v1');
    sender.generateKeys();

    const sut = encryptPush(decodePushKeys(subscription), plaintext, { salt, ecdh: sender });

    const reference = ece.encrypt(plaintext, {
      version: 'aes128gcm',
      privateKey: sender,
      dh: subscription.p256dh,
      authSecret: subscription.auth,
      salt: salt.toString('base64url'),
    });
    expect(sut.toString('hex')).toBe(reference.toString('hex'));
  });

  it('uses a fresh salt and sender key per message', () => {
    const keys = decodePushKeys(subscription);
    const a = encryptPush(keys, plaintext);
    const b = encryptPush(keys, plaintext);
    expect(a.subarray(0, 16).equals(b.subarray(0, 16))).toBe(false);
    expect(a.subarray(21, 86).equals(b.subarray(21, 86))).toBe(false);
  });

  it('refuses keys no browser could decrypt with', () => {
    expect(() => decodePushKeys({ ...subscription, p256dh: subscription.p256dh.slice(0, 40) })).toThrow(
      'p256dh',
    );
    expect(() => decodePushKeys({ ...subscription, auth: 'c2hvcnQ' })).toThrow('auth secret');
    const offCurve = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)]);
    expect(() => encryptPush({ p256dh: offCurve, auth: authSecret }, plaintext)).toThrow();
  });
});
