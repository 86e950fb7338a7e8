/** The outcome of one readiness check; `detail` says what is wrong. */
export interface HealthCheckResult {
  ok: boolean;
  detail?: string;
}

export type HealthCheck = () => Promise<HealthCheckResult>;

/**
 * A provider that can report readiness, e.g. persistence's DatabaseHealth.
 * List its class in `HealthModule.forRoot({ indicators })` (or
 * `PlatformModule.forRoot({ readiness })`) and /health/ready runs it.
 */
export interface HealthIndicator {
  readonly name: string;
  check(): Promise<HealthCheckResult>;
}

export interface Readiness {
  status: 'ready' | 'not_ready';
  checks: Record<string, HealthCheckResult>;
}
