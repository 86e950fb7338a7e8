/**
 * What an alert says: the content of one version. Plain data (no classes, no
 * undefined-vs-missing ambiguity for hashing: optional fields are left out).
 * Dates are `Date`; coordinates WGS 84 decimal degrees.
 */

export const SEXES = ['female', 'male', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

export interface ChildDescription {
  name: string;
  /** Whole years, 0–17. */
  age: number;
  sex: Sex;
  heightCm?: number;
  build?: string;
  hair?: string;
  eyes?: string;
  clothing?: string;
  distinguishingMarks?: string;
}

export interface Place {
  lat: number;
  lon: number;
  address: string;
}

export interface LastSeen {
  at: Date;
  place: Place;
}

export interface Suspect {
  name?: string;
  age?: number;
  description: string;
}

/** At least one field is present. */
export interface Vehicle {
  make?: string;
  model?: string;
  colour?: string;
  plate?: string;
}

export interface PoliceContact {
  unit: string;
  phone: string;
}

/**
 * The texts written per language. Facts (name, age, coordinates, plate) are
 * language-neutral and live in the structured fields; these are the prose
 * parts a translator has to write.
 */
export interface LocalisedTexts {
  /** Defaults to "Missing child: {name}, {age}" in the language. */
  headline?: string;
  /** The public description of the child (and suspect, vehicle) in prose. */
  description: string;
  circumstances: string;
  /** Defaults to the fixed "call 116 000 or the police" text. */
  instruction?: string;
  /** CAP areaDesc; defaults to a description generated from the area. */
  areaDescription?: string;
}

/** `[lat, lon]`, as CAP writes points. */
export type LatLon = [lat: number, lon: number];

export type TargetArea =
  | { kind: 'circle'; lat: number; lon: number; radiusKm: number }
  /** Closed ring: first point equals the last, at least four points, no self-intersection. */
  | { kind: 'polygon'; points: LatLon[] }
  /** ISO 3166-1 alpha-2 (`GR`) or ISO 3166-2 (`GR-I`) codes. */
  | { kind: 'regions'; codes: string[] };

export interface AlertContent {
  child: ChildDescription;
  /** Ids of stored, processed photos (see processPhoto), in display order. */
  photoIds: string[];
  lastSeen: LastSeen;
  suspects: Suspect[];
  vehicle?: Vehicle;
  policeContact: PoliceContact;
  /** ISO 639-1 codes; the first is the primary language. `texts` has exactly these keys. */
  languages: string[];
  texts: Record<string, LocalisedTexts>;
  area: TargetArea;
  expiresAt: Date;
  /** Fixed at creation: an exercise stays an exercise through every version. */
  exercise: boolean;
  /** ISO 3166-1 alpha-2 countries the child may be taken to (cross-border exchange). */
  destinationCountries: string[];
}

export const CLOSURE_OUTCOMES = ['found_safe', 'cancelled', 'expired'] as const;
export type ClosureOutcome = (typeof CLOSURE_OUTCOMES)[number];

/**
 * The content of the version that ends an alert. Deliberately holds no
 * personal data: no name, photo, description or place. What remains is only
 * what receivers need to retract the alert where it was shown.
 */
export interface ClosureContent {
  outcome: ClosureOutcome;
  languages: string[];
  area: TargetArea;
  exercise: boolean;
}

/** The 116 000 European hotline for missing children: on every activated alert, in every language. */
export const HOTLINE_116000 = '116 000';
/** How the hotline is dialled (for `tel:` links). */
export const HOTLINE_116000_DIAL = '116000';
