import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from './config.error';

export type Env = Record<string, string | undefined>;

/**
 * Validates the environment against an app's schema and returns typed
 * configuration; throws a ConfigError that names every bad variable.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Env = process.env): z.output<S> {
  // An empty value means unset, so `PORT=` falls back to the default.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const issues: ConfigIssue[] = result.error.issues.map((issue) => ({
    variable: issue.path.length > 0 ? issue.path.map(String).join('.') : '(environment)',
    message: issue.message,
  }));
  throw new ConfigError(issues);
}
