/** Every process of the system, as named in ARCHITECTURE.md. */
export const APP_NAMES = [
  'alert-api',
  'dispatcher',
  'email-worker',
  'webpush-worker',
  'mobile-worker',
  'social-worker',
  'broadcast-worker',
  'partner-worker',
] as const;

export type AppName = (typeof APP_NAMES)[number];

/** Default HTTP port of each app (health, metrics; alert-api also the API). */
export const APP_PORTS: Readonly<Record<AppName, number>> = {
  'alert-api': 3000,
  dispatcher: 3001,
  'email-worker': 3002,
  'webpush-worker': 3003,
  'mobile-worker': 3004,
  'social-worker': 3005,
  'broadcast-worker': 3006,
  'partner-worker': 3007,
};

/** `alert-api` → `ALERT_API_PORT`: lets one environment set every app's port. */
export function appPortVariable(app: AppName): string {
  return `${app.toUpperCase().replace(/-/g, '_')}_PORT`;
}
