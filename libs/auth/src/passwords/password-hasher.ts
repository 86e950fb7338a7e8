import { Inject, Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { AUTH_OPTIONS, type ResolvedAuthOptions } from '../auth-options';

/** argon2id hashing with the configured cost; verifies old hashes at whatever cost they carry. */
@Injectable()
export class PasswordHasher {
  private dummyHash: Promise<string> | undefined;

  constructor(@Inject(AUTH_OPTIONS) private readonly options: ResolvedAuthOptions) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.options.passwordHashing });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      // A malformed stored hash must never let anyone in.
      return false;
    }
  }

  /** True when a hash was made with other parameters than today's (rehash on next login). */
  needsRehash(hash: string): boolean {
    try {
      return argon2.needsRehash(hash, this.options.passwordHashing);
    } catch {
      return true;
    }
  }

  /**
   * Spends the same time as a real verification, for logins with an unknown
   * username, so response times do not tell which usernames exist.
   */
  async verifyDummy(password: string): Promise<false> {
    this.dummyHash ??= this.hash(randomBytes(16).toString('hex'));
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
