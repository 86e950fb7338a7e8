import type { StoredArea } from '@childalert/audience';

export const BROADCAST_FORMATS = ['cap', 'json'] as const;
export type BroadcastFormat = (typeof BROADCAST_FORMATS)[number];

/** The API key kind of broadcasters (@ApiKeyAuth). */
export const BROADCASTER_KEY_KIND = 'broadcaster';

/** A broadcaster as stored, without its secrets. */
export interface Broadcaster {
  id: string;
  name: string;
  webhookUrl: string;
  languages: string[];
  area: StoredArea;
  formats: BroadcastFormat[];
  apiKeyId: string | null;
  active: boolean;
  disabledReason: string | null;
  disabledAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  /** Until when the previous signing secret still signs (after a rotation). */
  previousSecretExpiresAt: Date | null;
}
