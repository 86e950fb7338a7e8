import { Injectable } from '@nestjs/common';
import { type AuditActor, AuditService, SYSTEM_ACTOR } from '@childalert/audit';
import type { ApiKeyRow, DatabaseTransaction } from '@childalert/persistence';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuthenticatedApiKey } from '../access/principal';
import { ApiKeysRepository } from './api-keys.repository';

/** A new key: `key` is shown to its owner once and never stored. */
export interface CreatedApiKey {
  readonly id: string;
  readonly kind: string;
  readonly ownerId: string;
  readonly prefix: string;
  readonly key: string;
}

/** What may be listed about a key: never the key nor its hash. */
export interface ApiKeyInfo {
  readonly id: string;
  readonly kind: string;
  readonly ownerId: string;
  readonly label: string | null;
  readonly prefix: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export interface CreateApiKeyInput {
  /** What the key is for, e.g. `broadcaster`, `partner`; matched by @ApiKeyAuth(kind). */
  readonly kind: string;
  /** The broadcaster, partner… it belongs to. */
  readonly ownerId: string;
  readonly label?: string;
  /** Who creates it, for the audit log; default system. */
  readonly actor?: AuditActor;
}

export const API_KEY_MARKER = 'cak_';
/** `cak_` and 43 base64url characters: 32 random bytes. */
export const API_KEY_PATTERN = /^cak_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = API_KEY_MARKER.length + 8;
const KIND_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;

function sha256(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

function toInfo(row: ApiKeyRow): ApiKeyInfo {
  return {
    id: row.id,
    kind: row.kind,
    ownerId: row.ownerId,
    label: row.label,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/**
 * API keys for machines (broadcasters, partner systems). 256 random bits, so
 * a plain SHA-256 is a safe verifier (no slow hash needed); the short prefix
 * finds the row and identifies the key in lists and logs.
 */
@Injectable()
export class ApiKeyService {
  constructor(
    private readonly repository: ApiKeysRepository,
    private readonly audit: AuditService,
  ) {}

  /** Creates a key; pass `tx` to create it (and its audit row) in the caller's transaction. */
  async create(input: CreateApiKeyInput, tx?: DatabaseTransaction): Promise<CreatedApiKey> {
    if (!KIND_PATTERN.test(input.kind)) throw new Error(`API key kind must match ${KIND_PATTERN.source}`);
    if (input.ownerId.length === 0) throw new Error('API key ownerId must not be empty');
    const key = `${API_KEY_MARKER}${randomBytes(32).toString('base64url')}`;
    const prefix = key.slice(0, PREFIX_LENGTH);
    const actor = input.actor ?? SYSTEM_ACTOR;
    const work = async (db: DatabaseTransaction): Promise<ApiKeyRow> => {
      const row = await this.repository.insert(
        {
          kind: input.kind,
          ownerId: input.ownerId,
          label: input.label ?? null,
          prefix,
          hash: sha256(key).toString('hex'),
          createdBy: actor.name,
        },
        db,
      );
      await this.audit.record(
        {
          actor,
          action: 'api_key.created',
          subject: { type: 'api_key', id: row.id },
          details: { kind: row.kind, ownerId: row.ownerId, prefix, label: row.label },
        },
        db,
      );
      return row;
    };
    const row = tx ? await work(tx) : await this.repository.transaction(work);
    return { id: row.id, kind: row.kind, ownerId: row.ownerId, prefix, key };
  }

  /** The key's identity when it exists and is not revoked; undefined otherwise. */
  async verify(key: string): Promise<AuthenticatedApiKey | undefined> {
    if (!API_KEY_PATTERN.test(key)) return undefined;
    const presented = sha256(key);
    const candidates = await this.repository.findActiveByPrefix(key.slice(0, PREFIX_LENGTH));
    const match = candidates.find((row) => {
      const stored = Buffer.from(row.hash, 'hex');
      return stored.length === presented.length && timingSafeEqual(stored, presented);
    });
    return match
      ? { id: match.id, kind: match.kind, ownerId: match.ownerId, prefix: match.prefix }
      : undefined;
  }

  /** Revokes a key at once; false when it does not exist or was already revoked. */
  async revoke(id: string, actor: AuditActor = SYSTEM_ACTOR, tx?: DatabaseTransaction): Promise<boolean> {
    const work = async (db: DatabaseTransaction): Promise<boolean> => {
      const row = await this.repository.revoke(id, db);
      if (!row) return false;
      await this.audit.record(
        {
          actor,
          action: 'api_key.revoked',
          subject: { type: 'api_key', id: row.id },
          details: { kind: row.kind, ownerId: row.ownerId, prefix: row.prefix },
        },
        db,
      );
      return true;
    };
    return tx ? work(tx) : this.repository.transaction(work);
  }

  async list(filter: { kind?: string; ownerId?: string } = {}): Promise<ApiKeyInfo[]> {
    return (await this.repository.list(filter)).map(toInfo);
  }
}
