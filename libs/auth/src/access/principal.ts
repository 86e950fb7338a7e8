import type { Organisation, Role } from '../role';

/** A person authenticated by a JWT; roles are read from the database on every request. */
export interface AuthenticatedUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly organisation: Organisation;
  readonly roles: readonly Role[];
}

/** A machine (broadcaster, partner system…) authenticated by an API key. */
export interface AuthenticatedApiKey {
  readonly id: string;
  readonly kind: string;
  readonly ownerId: string;
  readonly prefix: string;
}

export type Principal =
  | { readonly kind: 'user'; readonly user: AuthenticatedUser }
  | { readonly kind: 'api_key'; readonly apiKey: AuthenticatedApiKey };

/** What the guard attaches to the request (Express `req`). */
export interface AuthenticatedRequest {
  user?: AuthenticatedUser;
  apiKey?: AuthenticatedApiKey;
}
