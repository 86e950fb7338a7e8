import { loadConfig } from '@childalert/config';
import { socialWorkerConfigSchema } from './social-worker.config';

const ACCOUNTS = JSON.stringify([
  { key: 'x:el', language: 'el' },
  { key: 'x:en', language: 'en' },
]);
const SECRET = 'very-secret-value';
const credentials = (keys: string[]) =>
  JSON.stringify(
    Object.fromEntries(
      keys.map((key) => [key, { appKey: 'k', appSecret: SECRET, accessToken: 't', accessSecret: SECRET }]),
    ),
  );

describe('socialWorkerConfigSchema', () => {
  it('reads the accounts and their credentials', () => {
    const sut = loadConfig(socialWorkerConfigSchema, {
      SOCIAL_ACCOUNTS: ACCOUNTS,
      SOCIAL_X_CREDENTIALS: credentials(['x:el', 'x:en']),
      SOCIAL_DAILY_POST_CAP: '50',
    });
    expect(sut.SOCIAL_DAILY_POST_CAP).toBe(50);
    expect(sut.SOCIAL_X_API_BASE_URL).toBe('https://api.x.com/2/');
  });

  it('names every bad variable and never quotes a secret', () => {
    let message = '';
    try {
      loadConfig(socialWorkerConfigSchema, {
        SOCIAL_ACCOUNTS: JSON.stringify([
          { key: 'x:el', language: 'greek' },
          { key: 'x:el', language: 'el' },
        ]),
        SOCIAL_X_CREDENTIALS: JSON.stringify({ 'x:el': { appKey: 'k', appSecret: SECRET } }),
      });
    } catch (error) {
      message = String(error);
    }
    expect(message).toContain('SOCIAL_ACCOUNTS');
    expect(message).toContain('SOCIAL_X_CREDENTIALS');
    expect(message).not.toContain(SECRET);
  });

  it('takes the X API over https only', () => {
    expect(() =>
      loadConfig(socialWorkerConfigSchema, { SOCIAL_X_API_BASE_URL: 'http://127.0.0.1:1/2/' }),
    ).toThrow(/SOCIAL_X_API_BASE_URL/);
  });

  it('requires credentials for every account', () => {
    expect(() =>
      loadConfig(socialWorkerConfigSchema, {
        SOCIAL_ACCOUNTS: ACCOUNTS,
        SOCIAL_X_CREDENTIALS: credentials(['x:el']),
      }),
    ).toThrow(/no credentials for x:en/);
  });

  it('keeps production on api.x.com', () => {
    expect(() =>
      loadConfig(socialWorkerConfigSchema, {
        NODE_ENV: 'production',
        SOCIAL_X_API_BASE_URL: 'https://127.0.0.1:9/2/',
      }),
    ).toThrow(/SOCIAL_X_API_BASE_URL/);
  });
});
