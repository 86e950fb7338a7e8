import { AudienceError, AudienceErrorCode } from '../errors/audience.error';
import { SubscriptionTokenSigner } from './subscription-token.signer';

const SECRET = 'test-signing-secret-0123456789abcdef';
const NONCE = 'AbCdEfGhIjKlMnOpQrStUvWx';

describe(SubscriptionTokenSigner.name, () => {
  let now: Date;
  let sut: SubscriptionTokenSigner;

  beforeEach(() => {
    now = new Date('2026-11-23T12:00:00Z');
    sut = new SubscriptionTokenSigner(SECRET, () => now);
  });

  const expiresAt = () => new Date(now.getTime() + 48 * 3_600_000);
  const codeOf = (work: () => unknown): string | undefined => {
    try {
      work();
      return undefined;
    } catch (error) {
      return error instanceof AudienceError ? error.code : 'not an AudienceError';
    }
  };

  it('verifies what it signed', () => {
    const token = sut.confirmToken({ subscriptionId: '42', nonce: NONCE, expiresAt: expiresAt() });
    expect(token).toMatch(/^v1\.c\.42\.AbCdEfGhIjKlMnOpQrStUvWx\.\d+\.[A-Za-z0-9_-]{43}$/);
    expect(sut.verifyConfirm(token)).toEqual({ subscriptionId: '42', nonce: NONCE, expiresAt: expiresAt() });
    expect(sut.verifyUnsubscribe(sut.unsubscribeToken({ subscriptionId: '42' }))).toEqual({
      subscriptionId: '42',
    });
  });

  it('refuses a token whose id, nonce, expiry or mac was changed', () => {
    const token = sut.confirmToken({ subscriptionId: '42', nonce: NONCE, expiresAt: expiresAt() });
    const parts = token.split('.');
    const changed = (index: number, value: string) =>
      parts.map((part, i) => (i === index ? value : part)).join('.');
    expect(codeOf(() => sut.verifyConfirm(changed(2, '43')))).toBe(AudienceErrorCode.LinkInvalid);
    expect(codeOf(() => sut.verifyConfirm(changed(3, `${NONCE.slice(1)}y`)))).toBe(
      AudienceErrorCode.LinkInvalid,
    );
    expect(codeOf(() => sut.verifyConfirm(changed(4, String(Number(parts[4]) + 3600))))).toBe(
      AudienceErrorCode.LinkInvalid,
    );
    const mac = parts[5];
    expect(codeOf(() => sut.verifyConfirm(changed(5, `${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`)))).toBe(
      AudienceErrorCode.LinkInvalid,
    );
    expect(codeOf(() => sut.verifyConfirm(token.slice(0, -1)))).toBe(AudienceErrorCode.LinkInvalid);
  });

  it('refuses a token of the other purpose and one signed with another secret', () => {
    const unsubscribe = sut.unsubscribeToken({ subscriptionId: '42' });
    expect(codeOf(() => sut.verifyConfirm(unsubscribe))).toBe(AudienceErrorCode.LinkInvalid);
    const confirm = sut.confirmToken({ subscriptionId: '42', nonce: NONCE, expiresAt: expiresAt() });
    expect(codeOf(() => sut.verifyUnsubscribe(confirm))).toBe(AudienceErrorCode.LinkInvalid);
    const other = new SubscriptionTokenSigner(`${SECRET}-other`, () => now);
    expect(codeOf(() => other.verifyUnsubscribe(unsubscribe))).toBe(AudienceErrorCode.LinkInvalid);
  });

  it('refuses an expired confirmation link, the second it expires', () => {
    const token = sut.confirmToken({ subscriptionId: '42', nonce: NONCE, expiresAt: expiresAt() });
    now = new Date(now.getTime() + 48 * 3_600_000 - 1000);
    expect(sut.verifyConfirm(token).subscriptionId).toBe('42');
    now = new Date(now.getTime() + 1000);
    expect(codeOf(() => sut.verifyConfirm(token))).toBe(AudienceErrorCode.LinkExpired);
  });

  it('refuses junk without trying hard', () => {
    for (const junk of [
      '',
      'v1',
      'v1.u.0.x',
      `v1.u.42.${'A'.repeat(300)}`,
      'v1.u.-1.AAAA',
      'v2.u.42.' + 'A'.repeat(43),
    ]) {
      expect(codeOf(() => sut.verifyUnsubscribe(junk))).toBe(AudienceErrorCode.LinkInvalid);
    }
  });

  it('refuses a short secret', () => {
    expect(() => new SubscriptionTokenSigner('short')).toThrow('at least 32 characters');
  });
});
