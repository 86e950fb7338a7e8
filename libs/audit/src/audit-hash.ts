import { createHash } from 'node:crypto';
import type { AuditRecord } from './audit-entry';

/** The prev_hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** Version of the serialisation below, hashed too so it can evolve without ambiguity. */
export const AUDIT_HASH_VERSION = 1;

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, arrays in
 * order, numbers and strings as JSON.stringify writes them. The same value
 * read back from jsonb (which reorders keys and drops duplicates) serialises
 * to the same text, which is what lets the chain be recomputed from the table.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`cannot canonicalise the number ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort();
      return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
    }
    case 'undefined':
    case 'bigint':
    case 'function':
    case 'symbol':
      break;
  }
  throw new TypeError(`cannot canonicalise a ${typeof value}`);
}

/**
 * The JSON value of details exactly as jsonb will give it back: Dates become
 * ISO strings, undefined properties vanish, class instances become plain data.
 */
export function toJsonValue(details: unknown): unknown {
  if (details === undefined) return {};
  const text = JSON.stringify(details);
  if (text.includes('\\u0000')) throw new TypeError('audit details must not contain NUL characters');
  return JSON.parse(text) as unknown;
}

export type HashedFields = Omit<AuditRecord, 'hash'>;

/** SHA-256 (hex) over the canonical serialisation of every field of a row but its own hash. */
export function auditHash(fields: HashedFields): string {
  const canonical = canonicalJson({
    v: AUDIT_HASH_VERSION,
    seq: String(fields.seq),
    at: fields.at,
    actor: { type: fields.actor.type, id: fields.actor.id, name: fields.actor.name },
    action: fields.action,
    subject: { type: fields.subject.type, id: fields.subject.id },
    details: fields.details,
    correlationId: fields.correlationId,
    prevHash: fields.prevHash,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
