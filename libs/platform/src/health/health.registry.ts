import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { messageOf } from '../errors/message-of';
import type { HealthCheck, HealthCheckResult, Readiness } from './health-indicator';

/**
 * The readiness checks of this process, by name. Anything can add one at
 * init: `registry.register('kafka', () => kafka.check())`.
 */
@Injectable()
export class HealthRegistry implements OnModuleDestroy {
  private readonly checks = new Map<string, HealthCheck>();
  private shuttingDown = false;

  register(name: string, check: HealthCheck): void {
    if (this.checks.has(name)) throw new Error(`a readiness check named "${name}" is already registered`);
    this.checks.set(name, check);
  }

  unregister(name: string): void {
    this.checks.delete(name);
  }

  names(): string[] {
    return [...this.checks.keys()];
  }

  /** Runs every check at once; each that throws or outlasts `timeoutMs` counts as failed. */
  async readiness(timeoutMs = 3_000): Promise<Readiness> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await settle(check, timeoutMs)] as const),
    );
    const checks: Record<string, HealthCheckResult> = Object.fromEntries(entries);
    if (this.shuttingDown) checks.shutdown = { ok: false, detail: 'the process is shutting down' };
    const ready = Object.values(checks).every((result) => result.ok);
    return { status: ready ? 'ready' : 'not_ready', checks };
  }

  /** From the first shutdown hook on, the process takes no new work: not ready. */
  onModuleDestroy(): void {
    this.shuttingDown = true;
  }
}

async function settle(check: HealthCheck, timeoutMs: number): Promise<HealthCheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<HealthCheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    const result = await Promise.race([check(), timeout]);
    return result.detail === undefined ? { ok: result.ok } : { ok: result.ok, detail: result.detail };
  } catch (error) {
    return { ok: false, detail: messageOf(error) };
  } finally {
    clearTimeout(timer);
  }
}
