import { z } from 'zod';

/**
 * Schemas for single environment variables. Each reads a string (or nothing)
 * and reports a message a person can act on; an empty value counts as unset,
 * so `PORT=` falls back to the default like a missing variable does.
 */
type Raw = string | undefined;

function field<T>(parse: (raw: string) => T | { error: string }, fallback?: T) {
  return z
    .string()
    .optional()
    .transform((raw: Raw, ctx): T => {
      const value = raw?.trim();
      if (value === undefined || value === '') {
        if (fallback !== undefined) return fallback;
        ctx.addIssue({ code: 'custom', message: 'required, but not set' });
        return z.NEVER;
      }
      const parsed = parse(value);
      if (isError(parsed)) {
        ctx.addIssue({ code: 'custom', message: parsed.error });
        return z.NEVER;
      }
      return parsed;
    });
}

function isError(value: unknown): value is { error: string } {
  return typeof value === 'object' && value !== null && 'error' in value && !Array.isArray(value);
}

function quoted(raw: string): string {
  return JSON.stringify(raw.length > 60 ? `${raw.slice(0, 57)}...` : raw);
}

function string(fallback?: string) {
  return field((raw) => raw, fallback);
}

/** A string that may legitimately be empty (e.g. a topic prefix). */
function optionalString(fallback = '') {
  return z
    .string()
    .optional()
    .transform((raw: Raw) => raw ?? fallback);
}

function int(options: { default?: number; min?: number; max?: number } = {}) {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
  return field((raw) => {
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value)) {
      return { error: `expected an integer, got ${quoted(raw)}` };
    }
    if (value < min || value > max) return { error: `expected ${min}..${max}, got ${value}` };
    return value;
  }, options.default);
}

function port(fallback?: number) {
  return int({ default: fallback, min: 1, max: 65535 });
}

function boolean(fallback = false) {
  return field((raw) => {
    const value = raw.toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(value)) return true;
    if (['false', '0', 'no', 'off'].includes(value)) return false;
    return { error: `expected true or false, got ${quoted(raw)}` };
  }, fallback);
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T, fallback?: T[number]) {
  return field((raw): T[number] | { error: string } => {
    const match = values.find((value) => value === raw);
    return match ?? { error: `expected one of ${values.join('|')}, got ${quoted(raw)}` };
  }, fallback);
}

/** A comma separated list; blanks between commas are ignored. */
function list(options: { default?: string[]; item?: (item: string) => string | undefined } = {}) {
  return field((raw) => {
    const items = raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    if (items.length === 0) return { error: 'expected a comma separated list, got nothing' };
    for (const item of items) {
      const problem = options.item?.(item);
      if (problem !== undefined) return { error: `${quoted(item)}: ${problem}` };
    }
    return items;
  }, options.default);
}

function url(options: { default?: string; protocols?: string[] } = {}) {
  return field((raw) => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      return { error: 'expected a URL' };
    }
    const protocol = parsed.protocol.replace(/:$/, '');
    if (options.protocols && !options.protocols.includes(protocol)) {
      return { error: `expected a ${options.protocols.join(' or ')} URL, got ${protocol}:` };
    }
    return raw;
  }, options.default);
}

export const env = { string, optionalString, int, port, boolean, oneOf, list, url };
