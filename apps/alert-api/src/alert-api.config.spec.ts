import { ConfigError, loadConfig } from '@childalert/config';
import { alertApiConfigSchema, publicBaseUrlOf } from './alert-api.config';
import { secretsOf } from './alert-api.auth';

function issuesOf(env: Record<string, string>): string[] {
  try {
    loadConfig(alertApiConfigSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.variable}: ${i.message}`);
    throw error;
  }
  return [];
}

describe('alert-api configuration', () => {
  it('runs on one machine with no setting at all: a generated JWT key and demo users', () => {
    const sut = loadConfig(alertApiConfigSchema, {});

    const secrets = secretsOf(sut);

    expect(secrets.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(secrets.auth.demoUsers).toEqual({ enabled: true });
    expect(secrets.notices).toEqual([expect.stringContaining('JWT_SECRET is not set')]);
    expect(secrets.confirmationSecret).not.toBe(secrets.auth.jwtSecret);
    expect(publicBaseUrlOf(sut)).toBe('http://127.0.0.1:3000');
  });

  it('refuses a production start without its secrets and public address, or with demo users', () => {
    expect(issuesOf({ NODE_ENV: 'production', DEMO_USERS: 'true' })).toEqual([
      'JWT_SECRET: required in production',
      'DEMO_USERS: demo users never exist in production: remove DEMO_USERS',
      'PUBLIC_BASE_URL: required in production: feeds and CAP messages link to it',
      'SUBSCRIPTION_SIGNING_SECRET: required in production: e-mails carry signed subscription links',
    ]);
  });

  it('has no demo users in production, and takes the first admin and the secrets given', () => {
    const sut = loadConfig(alertApiConfigSchema, {
      NODE_ENV: 'production',
      JWT_SECRET: 'j'.repeat(40),
      PUBLIC_BASE_URL: 'https://amber.example.gr/',
      SUBSCRIPTION_SIGNING_SECRET: 's'.repeat(40),
      FIRST_ADMIN_USERNAME: 'root.admin',
      FIRST_ADMIN_PASSWORD: 'a-long-first-password',
    });

    const secrets = secretsOf(sut);

    expect(secrets.auth).toMatchObject({
      jwtSecret: 'j'.repeat(40),
      production: true,
      demoUsers: { enabled: false },
      firstAdmin: { username: 'root.admin', password: 'a-long-first-password' },
    });
    expect(secrets.notices).toEqual([]);
    expect(publicBaseUrlOf(sut)).toBe('https://amber.example.gr');
  });

  it('names bad values first, then every rule across settings at once', () => {
    expect(
      issuesOf({
        JWT_SECRET: 'short',
        FIRST_ADMIN_USERNAME: 'root.admin',
        CAP_SENDER: 'alerts, of the centre',
        ALERT_TIME_ZONE: 'Mars/Olympus',
        DEMO_USERS: 'perhaps',
      }),
    ).toEqual(['DEMO_USERS: expected true or false, got "perhaps"']);
    expect(
      issuesOf({
        JWT_SECRET: 'short',
        FIRST_ADMIN_USERNAME: 'root.admin',
        CAP_SENDER: 'alerts, of the centre',
        ALERT_TIME_ZONE: 'Mars/Olympus',
      }),
    ).toEqual([
      'JWT_SECRET: must be at least 32 characters',
      'FIRST_ADMIN_PASSWORD: set FIRST_ADMIN_USERNAME and FIRST_ADMIN_PASSWORD together',
      'CAP_SENDER: must not contain spaces, commas, < or & (CAP 1.2 §3.2.1)',
      'ALERT_TIME_ZONE: not an IANA time zone: Mars/Olympus',
    ]);
  });
});
