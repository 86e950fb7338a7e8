import { ApiError } from '../common/api.error';
import type { AlertsSettings } from './alerts.settings';
import {
  type ConfirmationClaims,
  ConfirmationTokenService,
  type ConfirmIntent,
} from './confirmation-token.service';

const settings = { confirmationTtlSeconds: 600, confirmationSecret: 's'.repeat(43) } as AlertsSettings;
const NOW = new Date('2026-03-01T12:00:00Z');
const CLAIMS: Omit<ConfirmationClaims, 'exp'> = {
  alertId: 'a-1',
  intent: 'activate',
  version: 2,
  contentHash: 'c'.repeat(64),
  channels: ['email'],
  digest: 'd'.repeat(64),
  userId: 'u-operator',
};
const EXPECTED: { alertId: string; intent: ConfirmIntent; userId: string } = {
  alertId: 'a-1',
  intent: 'activate',
  userId: 'u-operator',
};

function refusal(work: () => unknown): ApiError {
  try {
    work();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe(ConfirmationTokenService.name, () => {
  const sut = new ConfirmationTokenService(settings);

  it('hands back the claims of its own token, with the expiry it announced', () => {
    const { token, expiresAt } = sut.issue(CLAIMS, NOW);

    expect(expiresAt).toEqual(new Date('2026-03-01T12:10:00Z'));
    expect(sut.verify(token, EXPECTED, NOW)).toEqual({ ...CLAIMS, exp: expiresAt.getTime() / 1000 });
  });

  it('refuses a token once it has expired', () => {
    const { token } = sut.issue(CLAIMS, NOW);

    const error = refusal(() => sut.verify(token, EXPECTED, new Date('2026-03-01T12:10:00Z')));

    expect([error.status, error.code]).toEqual([409, 'confirmation_expired']);
  });

  it.each<[string, Partial<typeof EXPECTED>, number, string]>([
    ['another alert', { alertId: 'a-2' }, 409, 'stale_confirmation'],
    ['another intent', { intent: 'resolve' }, 409, 'stale_confirmation'],
    ['another person', { userId: 'u-other' }, 403, 'forbidden'],
  ])('refuses a token given for %s', (_what, expected, status, code) => {
    const { token } = sut.issue(CLAIMS, NOW);

    const error = refusal(() => sut.verify(token, { ...EXPECTED, ...expected }, NOW));

    expect([error.status, error.code]).toEqual([status, code]);
  });

  it('refuses altered, foreign and malformed tokens as not its own', () => {
    const { token } = sut.issue(CLAIMS, NOW);
    const [tag, payload, signature] = token.split('.');
    const altered = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), version: 3 }),
    ).toString('base64url');
    const foreign = new ConfirmationTokenService({ ...settings, confirmationSecret: 'x'.repeat(43) }).issue(
      CLAIMS,
      NOW,
    ).token;

    for (const bad of [`${tag}.${altered}.${signature}`, foreign, 'ca1.e30', '', `${token}.x`]) {
      const error = refusal(() => sut.verify(bad, EXPECTED, NOW));
      expect([error.status, error.code]).toEqual([400, 'invalid_confirmation']);
    }
  });
});
