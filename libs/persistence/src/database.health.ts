import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { messageOf } from '@childalert/platform';
import { PG_POOL } from './persistence.tokens';

/**
 * Readiness of the database: `select 1` through the app's own pool, within a
 * short timeout so a hanging server reads as not ready instead of hanging the
 * probe. Shaped as a platform health indicator (name + check).
 */
@Injectable()
export class DatabaseHealth {
  readonly name = 'database';

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async check(timeoutMs = 2_000): Promise<{ ok: boolean; detail?: string }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.pool.query('SELECT 1'), timeout]);
      return { ok: true };
    } catch (error) {
      return { ok: false, detail: messageOf(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}
