/** The parts of the alert-api's answers the console reads (see /docs-json for the whole). */

export const CHANNELS = ['email', 'webpush', 'mobile', 'social', 'broadcast', 'partner'] as const;
export type Channel = (typeof CHANNELS)[number];

export const ROLES = ['police_officer', 'police_supervisor', 'ngo_operator', 'ngo_admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface Me {
  id: string;
  username: string;
  displayName: string;
  organisation: string;
  roles: Role[];
}

export interface PhotoUrls {
  original: string;
  push: string;
  email: string;
  social: string;
}

export interface AlertContent {
  child: {
    name: string;
    age: number;
    sex: string;
    heightCm?: number;
    hair?: string;
    eyes?: string;
    clothing?: string;
  };
  photoIds?: string[];
  lastSeen: { at: string; place: { lat: number; lon: number; address: string } };
  suspects?: { name?: string; age?: number; description: string }[];
  vehicle?: { make?: string; model?: string; colour?: string; plate?: string };
  policeContact: { unit: string; phone: string };
  languages: string[];
  texts: Record<string, { headline?: string; description: string; circumstances: string }>;
  area: TargetArea;
  exercise?: boolean;
}

export type TargetArea =
  | { kind: 'circle'; lat: number; lon: number; radiusKm: number }
  | { kind: 'polygon'; points: [number, number][] }
  | { kind: 'regions'; codes: string[] };

export interface AlertVersion {
  version: number;
  kind: string;
  content: AlertContent;
  createdAt: string;
  createdBy: string;
}

export interface AlertDetail {
  id: string;
  state: string;
  exercise: boolean;
  authorId: string;
  latestVersion: number;
  live?: AlertVersion;
  lastContent?: AlertVersion;
  candidate?: { state: string; version: AlertVersion; editors: string[] };
  channels?: string[];
  publications: { version: number; type: string; msgType: string; sent: string }[];
  photos: { id: string; urls: PhotoUrls }[];
  pageUrl: string;
}

export interface AlertSummary {
  id: string;
  state: string;
  candidateState?: string;
  exercise: boolean;
  latestVersion: number;
  childName?: string;
  childAge?: number;
  updatedAt: string;
}

export interface Preview {
  alertId: string;
  intent: string;
  version: number;
  channels: string[];
  exercise: boolean;
  partners: { partnerId: string; country: string; name: string; reasons: string[] }[];
  renderings: Record<
    string,
    {
      push: { title: string; body: string; icon?: string };
      email: { subject: string; text: string; html: string };
      social: { text: string; weightedLength: number; imageUrl?: string };
    }
  >;
  confirmationToken: string;
  confirmationExpiresAt: string;
}

export interface Counts {
  planned: number;
  delivered: number;
  failed: number;
  skipped: number;
  retrying: number;
  pending: number;
  firstDeliveryAt: string | null;
  lastDeliveryAt: string | null;
}

export interface Deliveries {
  alertId: string;
  channels: (Counts & {
    channel: string;
    versions: (Counts & { version: number; eventType: string | null })[];
  })[];
}

/** The content a person reads now: the candidate under work, else the live one, else the last. */
export function contentOf(alert: AlertDetail): AlertContent | undefined {
  const live = alert.live?.kind === 'content' ? alert.live : alert.lastContent;
  return (alert.candidate?.version ?? live)?.content;
}
