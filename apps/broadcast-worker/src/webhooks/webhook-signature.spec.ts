import { Webhook } from 'standardwebhooks';
import { newSigningSecret, secretKey, signWebhook } from './webhook-signature';

describe('signWebhook', () => {
  const body = Buffer.from(JSON.stringify({ alertId: 'a1', headline: 'Μαρία, 7' }), 'utf8');

  it('is what the Standard Webhooks reference library verifies', () => {
    const secret = newSigningSecret();
    const now = Math.floor(Date.now() / 1000);
    const sut = signWebhook([secretKey(secret)], 'broadcast:a1:1:b1', body, now);

    expect(sut['webhook-id']).toBe('broadcast:a1:1:b1');
    expect(sut['webhook-timestamp']).toBe(String(now));
    expect(new Webhook(secret).verify(body.toString('utf8'), sut)).toEqual(JSON.parse(body.toString('utf8')));
  });

  it('signs with the old and the new secret during a rotation: either verifies', () => {
    const [old, fresh] = [newSigningSecret(), newSigningSecret()];
    const sut = signWebhook([secretKey(fresh), secretKey(old)], 'id-1', body);

    expect(sut['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(old).verify(body.toString('utf8'), sut)).not.toThrow();
    expect(() => new Webhook(fresh).verify(body.toString('utf8'), sut)).not.toThrow();
    expect(() => new Webhook(newSigningSecret()).verify(body.toString('utf8'), sut)).toThrow();
  });

  it('refuses a secret that is not whsec_ base64', () => {
    expect(() => secretKey('not-a-secret')).toThrow('whsec_');
    expect(secretKey(newSigningSecret())).toHaveLength(32);
  });
});
