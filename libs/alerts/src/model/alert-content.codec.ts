import { canonicalJson } from './canonical-json.util';
import type { AlertContent, ClosureContent } from './alert-content.types';

/**
 * Content to and from JSON storage (a jsonb column, an API response). The
 * JSON is the canonical form the content hash is computed over, so a version
 * read back hashes exactly as it did when it was written.
 */
export function contentToJson(content: AlertContent | ClosureContent): Record<string, unknown> {
  return JSON.parse(canonicalJson(content)) as Record<string, unknown>;
}

/** A stored content version back to domain content: its instants become Dates again. */
export function alertContentFromJson(json: unknown): AlertContent {
  const content = structuredClone(json) as AlertContent & { lastSeen: { at: unknown }; expiresAt: unknown };
  content.lastSeen.at = toDate(content.lastSeen.at, 'lastSeen.at');
  content.expiresAt = toDate(content.expiresAt, 'expiresAt');
  return content;
}

/** Closure content holds no instants; a copy keeps callers from sharing the stored object. */
export function closureContentFromJson(json: unknown): ClosureContent {
  return structuredClone(json) as ClosureContent;
}

function toDate(value: unknown, path: string): Date {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime()))
    throw new TypeError(`stored content: ${path} is not an ISO instant`);
  return date;
}
