import { resolveAuthOptions } from './auth-options';

const secret = 'k'.repeat(32);

describe('resolveAuthOptions', () => {
  const sut = resolveAuthOptions;

  it('fills the defaults', () => {
    expect(sut({ jwtSecret: secret, production: false })).toEqual({
      jwtSecret: secret,
      jwtTtlSeconds: 900,
      issuer: 'childalert',
      audience: 'childalert-api',
      lockout: { threshold: 5, windowSeconds: 900, durationSeconds: 900 },
      demoUsers: { enabled: false, password: undefined },
      production: false,
      passwordHashing: { memoryCost: 19456, timeCost: 2, parallelism: 1 },
    });
  });

  it('refuses demo users in production', () => {
    expect(() => sut({ jwtSecret: secret, production: true, demoUsers: { enabled: true } })).toThrow(
      'demo users must not be enabled in production',
    );
  });

  it('reads production from NODE_ENV when not given', () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      expect(() => sut({ jwtSecret: secret, demoUsers: { enabled: true } })).toThrow(/production/);
    } finally {
      process.env.NODE_ENV = before;
    }
  });

  it('names every problem at once', () => {
    expect(() =>
      sut({
        jwtSecret: 'short',
        jwtTtlSeconds: 0,
        production: false,
        firstAdmin: { username: 'X Y', password: 'short' },
      }),
    ).toThrow(
      [
        'Invalid auth configuration:',
        ' - jwtSecret must be at least 32 characters',
        ' - jwtTtlSeconds must be a positive integer (got 0)',
        ' - firstAdmin.username must match ^[a-z0-9][a-z0-9._-]{2,63}$',
        ' - firstAdmin.password must be 12–256 characters',
      ].join('\n'),
    );
  });

  it('normalises the first admin username', () => {
    const resolved = sut({
      jwtSecret: secret,
      production: false,
      firstAdmin: { username: ' Admin.One ', password: 'p'.repeat(12) },
    });

    expect(resolved.firstAdmin).toEqual({
      username: 'admin.one',
      password: 'p'.repeat(12),
      displayName: 'Administrator',
    });
  });
});
