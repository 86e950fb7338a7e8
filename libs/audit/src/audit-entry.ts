/** Who did it: a person, a machine with an API key, the system itself, or someone not (yet) authenticated. */
export interface AuditActor {
  readonly type: 'user' | 'api_key' | 'system' | 'anonymous';
  /** User id or API key id; absent for system and anonymous actors. */
  readonly id?: string | null;
  /** Username, API key kind and prefix, `system`, … what a person reading the log recognises. */
  readonly name: string;
}

export type AuditDetails = Readonly<Record<string, unknown>>;

/** What a service records. Never put secrets (passwords, keys, tokens) in details. */
export interface AuditEntryInput {
  readonly actor: AuditActor;
  /** Dotted verb, e.g. `auth.login.succeeded`, `user.created`, `alert.activated`. */
  readonly action: string;
  readonly subject?: { readonly type: string; readonly id?: string | null } | null;
  readonly details?: AuditDetails;
}

/** A stored row, as the chain hashes it and as the API returns it. */
export interface AuditRecord {
  readonly seq: number;
  /** ISO 8601, UTC, millisecond precision. */
  readonly at: string;
  readonly actor: { readonly type: AuditActor['type']; readonly id: string | null; readonly name: string };
  readonly action: string;
  readonly subject: { readonly type: string | null; readonly id: string | null };
  readonly details: unknown;
  readonly correlationId: string | null;
  readonly prevHash: string;
  readonly hash: string;
}

export const SYSTEM_ACTOR: AuditActor = { type: 'system', id: null, name: 'system' };
export const ANONYMOUS_ACTOR: AuditActor = { type: 'anonymous', id: null, name: 'anonymous' };
