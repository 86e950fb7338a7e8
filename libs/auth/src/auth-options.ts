/** What the app passes to `AuthModule.forRoot`; the app reads the environment, this lib never does. */
export interface AuthModuleOptions {
  /** HS256 key; at least 32 characters. */
  jwtSecret: string;
  /** Access token lifetime; default 900 s. */
  jwtTtlSeconds?: number;
  /** `iss` claim issued and required; default `childalert`. */
  issuer?: string;
  /** `aud` claim issued and required; default `childalert-api`. */
  audience?: string;
  lockout?: {
    /** Consecutive failures that lock an account; default 5. */
    threshold?: number;
    /** Failures further apart than this do not add up; default 900 s. */
    windowSeconds?: number;
    /** How long a lock lasts; default 900 s. */
    durationSeconds?: number;
  };
  /** Created on start when no ngo_admin exists yet. */
  firstAdmin?: { username: string; password: string; displayName?: string };
  /** One demo user per role; refused in production. */
  demoUsers?: { enabled: boolean; password?: string };
  /** Default: `process.env.NODE_ENV === 'production'`. */
  production?: boolean;
  /** argon2id cost; defaults are OWASP's minimum (19 MiB, t=2, p=1). */
  passwordHashing?: { memoryCost?: number; timeCost?: number; parallelism?: number };
}

export interface ResolvedAuthOptions {
  jwtSecret: string;
  jwtTtlSeconds: number;
  issuer: string;
  audience: string;
  lockout: { threshold: number; windowSeconds: number; durationSeconds: number };
  firstAdmin?: { username: string; password: string; displayName: string };
  demoUsers: { enabled: boolean; password?: string };
  production: boolean;
  passwordHashing: { memoryCost: number; timeCost: number; parallelism: number };
}

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

export const MIN_JWT_SECRET_LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

function positiveInteger(
  name: string,
  value: number | undefined,
  fallback: number,
  problems: string[],
): number {
  const result = value ?? fallback;
  if (!Number.isInteger(result) || result <= 0)
    problems.push(`${name} must be a positive integer (got ${String(value)})`);
  return result;
}

/**
 * Applies defaults and refuses unsafe settings at start, naming every problem
 * at once (a weak JWT key or demo users in production must stop the process).
 */
export function resolveAuthOptions(options: AuthModuleOptions): ResolvedAuthOptions {
  const problems: string[] = [];
  const production = options.production ?? process.env.NODE_ENV === 'production';
  if (typeof options.jwtSecret !== 'string' || options.jwtSecret.length < MIN_JWT_SECRET_LENGTH) {
    problems.push(`jwtSecret must be at least ${MIN_JWT_SECRET_LENGTH} characters`);
  }
  const resolved: ResolvedAuthOptions = {
    jwtSecret: options.jwtSecret,
    jwtTtlSeconds: positiveInteger('jwtTtlSeconds', options.jwtTtlSeconds, 900, problems),
    issuer: options.issuer ?? 'childalert',
    audience: options.audience ?? 'childalert-api',
    lockout: {
      threshold: positiveInteger('lockout.threshold', options.lockout?.threshold, 5, problems),
      windowSeconds: positiveInteger('lockout.windowSeconds', options.lockout?.windowSeconds, 900, problems),
      durationSeconds: positiveInteger(
        'lockout.durationSeconds',
        options.lockout?.durationSeconds,
        900,
        problems,
      ),
    },
    demoUsers: { enabled: options.demoUsers?.enabled ?? false, password: options.demoUsers?.password },
    production,
    passwordHashing: {
      memoryCost: positiveInteger(
        'passwordHashing.memoryCost',
        options.passwordHashing?.memoryCost,
        19456,
        problems,
      ),
      timeCost: positiveInteger('passwordHashing.timeCost', options.passwordHashing?.timeCost, 2, problems),
      parallelism: positiveInteger(
        'passwordHashing.parallelism',
        options.passwordHashing?.parallelism,
        1,
        problems,
      ),
    },
  };
  if (options.firstAdmin) {
    const { username, password, displayName } = options.firstAdmin;
    if (!USERNAME_PATTERN.test(normaliseUsername(username ?? ''))) {
      problems.push(`firstAdmin.username must match ${USERNAME_PATTERN.source}`);
    }
    if (
      typeof password !== 'string' ||
      password.length < MIN_PASSWORD_LENGTH ||
      password.length > MAX_PASSWORD_LENGTH
    ) {
      problems.push(`firstAdmin.password must be ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters`);
    }
    resolved.firstAdmin = {
      username: normaliseUsername(username ?? ''),
      password,
      displayName: displayName ?? 'Administrator',
    };
  }
  if (resolved.demoUsers.enabled && production) {
    problems.push('demo users must not be enabled in production (NODE_ENV=production)');
  }
  if (resolved.demoUsers.password !== undefined && resolved.demoUsers.password.length === 0) {
    problems.push('demoUsers.password must not be empty when set');
  }
  if (problems.length > 0) {
    throw new Error(`Invalid auth configuration:\n - ${problems.join('\n - ')}`);
  }
  return resolved;
}

/** Lower case letters, digits, dot, dash and underscore; 3–64 characters. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}
