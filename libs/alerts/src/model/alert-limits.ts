/**
 * Limits of what an alert may hold, each with the reason a person sees when
 * they hit it. The text limits follow the narrowest channel a text feeds.
 */
export interface TextLimit {
  max: number;
  why: string;
}

export const TEXT_LIMITS = {
  headline: { max: 140, why: 'push notifications and social posts cut it' },
  description: { max: 2000, why: 'e-mail, the alert page and broadcasters show at most that' },
  circumstances: { max: 1000, why: 'e-mail and the alert page show at most that' },
  instruction: { max: 500, why: 'push notifications and broadcasters show at most that' },
  areaDescription: { max: 200, why: 'it names the area in CAP and on screens' },
  childName: { max: 100, why: 'push titles show at most that' },
  shortFact: { max: 100, why: 'write a short fact, the description holds the prose' },
  clothing: { max: 500, why: 'write the visible clothing, the description holds the prose' },
  distinguishingMarks: { max: 500, why: 'write the marks, the description holds the prose' },
  address: { max: 300, why: 'push and social texts quote it' },
  suspectName: { max: 100, why: 'write the name only' },
  suspectDescription: { max: 1000, why: 'the alert page shows at most that' },
  vehicleField: { max: 50, why: 'write the make, model or colour only' },
  plate: { max: 20, why: 'write the plate as it reads' },
  policeUnit: { max: 200, why: 'it goes into the CAP contact line' },
  reason: { max: 1000, why: 'it goes into the audit trail' },
  reference: { max: 100, why: 'write the reference as it is printed on the order' },
} as const satisfies Record<string, TextLimit>;

export const LIMITS = {
  maxLanguages: 14,
  maxPhotos: 5,
  minPhotosToSubmit: 1,
  maxSuspects: 5,
  maxRegions: 50,
  maxDestinationCountries: 10,
  minRadiusKm: 0.1,
  maxRadiusKm: 1000,
  minHeightCm: 30,
  maxHeightCm: 220,
  maxChildAge: 17,
  maxSuspectAge: 120,
  /** An expiry further out than this is more likely a typo than a decision; an update extends it. */
  maxExpiryDays: 30,
  /** Clock skew allowed for times that must be in the past (last seen, prosecutor's order). */
  clockSkewMs: 5 * 60_000,
} as const;

/** Rendering limits of the channels (previews and workers truncate to these). */
export const CHANNEL_LIMITS = {
  pushTitle: 65,
  pushBody: 240,
  /** X counts weighted characters; a link counts 23. */
  socialPost: 280,
  emailSubject: 120,
} as const;

/** ISO 3166-1 alpha-2 or ISO 3166-2 (`GR`, `GR-I`, `AL-01`). */
export const REGION_CODE = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;
/** A phone number as dialled: digits, spaces, +, -, parentheses. */
export const PHONE_NUMBER = /^\+?[0-9][0-9 ()-]{1,23}[0-9]$/;
