import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { AUTH_OPTIONS, type ResolvedAuthOptions } from '../auth-options';

/** The claims of an access token that the rest of the code relies on. */
export interface AccessTokenClaims {
  readonly sub: string;
  readonly username: string;
  /** The user's token_version when issued; a reset or disable bumps it. */
  readonly ver: number;
  readonly iat: number;
  readonly exp: number;
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

const ALGORITHM = 'HS256';

/**
 * Issues and checks short-lived HS256 access tokens. Verification pins the
 * algorithm (no `none`, no RS/HS confusion), the issuer and the audience, and
 * requires `exp` and `iat` (jsonwebtoken alone accepts a token without `exp`).
 * Roles are deliberately not trusted from the token: the guard reads them from
 * the database, so a role change or a disabled account takes effect at once.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
  ) {}

  issue(user: { id: string; username: string; tokenVersion: number }): IssuedToken {
    const accessToken = this.jwt.sign(
      { username: user.username, ver: user.tokenVersion },
      {
        secret: this.options.jwtSecret,
        algorithm: ALGORITHM,
        expiresIn: this.options.jwtTtlSeconds,
        issuer: this.options.issuer,
        audience: this.options.audience,
        subject: user.id,
        jwtid: randomUUID(),
      },
    );
    return { accessToken, expiresIn: this.options.jwtTtlSeconds };
  }

  /** The claims of a valid token, or undefined for anything else (never throws). */
  verify(token: string): AccessTokenClaims | undefined {
    let payload: Record<string, unknown>;
    try {
      payload = this.jwt.verify<Record<string, unknown>>(token, {
        secret: this.options.jwtSecret,
        algorithms: [ALGORITHM],
        issuer: this.options.issuer,
        audience: this.options.audience,
        // Refuses tokens claiming an iat far in the past even if exp says otherwise.
        maxAge: this.options.jwtTtlSeconds + 60,
        clockTolerance: 5,
      });
    } catch {
      return undefined;
    }
    const { sub, username, ver, iat, exp } = payload;
    if (typeof sub !== 'string' || typeof username !== 'string' || typeof ver !== 'number') return undefined;
    if (typeof iat !== 'number' || typeof exp !== 'number') return undefined;
    return { sub, username, ver, iat, exp };
  }
}
