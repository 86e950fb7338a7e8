import { JwtService } from '@nestjs/jwt';
import * as jwt from 'jsonwebtoken';
import { resolveAuthOptions } from '../auth-options';
import { TokenService } from './token.service';

const secret = 'test-secret-that-is-long-enough-1234';
const options = resolveAuthOptions({ jwtSecret: secret, production: false, jwtTtlSeconds: 900 });
const user = { id: '0b6f1c9e-4d7a-4f55-9a3e-2f7d1c3b8a10', username: 'officer', tokenVersion: 3 };
const now = () => Math.floor(Date.now() / 1000);

function forge(payload: object, key: string = secret, options: jwt.SignOptions = {}): string {
  return jwt.sign(payload, key, { algorithm: 'HS256', ...options });
}

function without<T extends object>(value: T, key: keyof T): Partial<T> {
  const copy: Partial<T> = { ...value };
  delete copy[key];
  return copy;
}

const validClaims = () => ({
  sub: user.id,
  username: user.username,
  ver: 3,
  iss: 'childalert',
  aud: 'childalert-api',
  iat: now(),
  exp: now() + 600,
});

describe(TokenService.name, () => {
  const sut = new TokenService(new JwtService({}), options);

  it('issues a token its own verify accepts, with the claims the guard needs', () => {
    const issued = sut.issue(user);

    expect(issued.expiresIn).toBe(900);
    const claims = sut.verify(issued.accessToken);
    expect(claims).toEqual({
      sub: user.id,
      username: 'officer',
      ver: 3,
      iat: expect.any(Number),
      exp: expect.any(Number),
    });
    expect(claims!.exp - claims!.iat).toBe(900);
    expect(jwt.decode(issued.accessToken, { complete: true })?.header.alg).toBe('HS256');
  });

  it('accepts a well-formed forged-with-the-right-key token (control for the cases below)', () => {
    expect(sut.verify(forge(validClaims()))).toBeDefined();
  });

  it('refuses alg none', () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify(validClaims())).toString('base64url');

    expect(sut.verify(`${header}.${body}.`)).toBeUndefined();
  });

  it.each<[string, () => string]>([
    ['signed with another key', () => forge(validClaims(), 'another-secret-that-is-long-enough-12')],
    ['expired', () => forge({ ...validClaims(), iat: now() - 1000, exp: now() - 100 })],
    ['for another audience', () => forge({ ...validClaims(), aud: 'someone-else' })],
    ['from another issuer', () => forge({ ...validClaims(), iss: 'evil' })],
    ['without exp', () => forge(without(validClaims(), 'exp'))],
    ['without a token version', () => forge(without(validClaims(), 'ver'))],
    ['issued too long ago', () => forge({ ...validClaims(), iat: now() - 5000, exp: now() + 600 })],
    ['signed HS512', () => forge(validClaims(), secret, { algorithm: 'HS512' })],
    [
      'tampered payload',
      () => {
        const [h, , s] = forge(validClaims()).split('.');
        const body = Buffer.from(JSON.stringify({ ...validClaims(), sub: 'someone-else' })).toString(
          'base64url',
        );
        return `${h}.${body}.${s}`;
      },
    ],
    ['garbage', () => 'not-a-jwt'],
  ])('refuses a token %s', (_case, token) => {
    expect(sut.verify(token())).toBeUndefined();
  });
});
