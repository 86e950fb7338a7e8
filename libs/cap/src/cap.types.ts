/**
 * The CAP 1.2 message model (OASIS Common Alerting Protocol, version 1.2).
 * One model serves both ways: `buildCapXml` serialises it and `parseCap`
 * reads inbound XML back into it. Field order in each interface follows the
 * XSD sequence, which is also the order the builder writes.
 *
 * Conventions:
 * - Elements the XSD allows many times are arrays; the required ones
 *   (`category`, `responseType`, `parameters`, ...) are always present, possibly
 *   empty. Optional scalars are left out (not `undefined`) when absent.
 * - Dates are instants (`Date`); CAP text keeps whole seconds and an offset.
 * - Coordinates are WGS 84 decimal degrees, `[lat, lon]` as CAP writes them.
 */

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
export const XMLDSIG_NAMESPACE = 'http://www.w3.org/2000/09/xmldsig#';
export const CAP_MIME_TYPE = 'application/cap+xml';

export const CAP_STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
export type CapStatus = (typeof CAP_STATUSES)[number];

export const CAP_MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export type CapMsgType = (typeof CAP_MSG_TYPES)[number];

export const CAP_SCOPES = ['Public', 'Restricted', 'Private'] as const;
export type CapScope = (typeof CAP_SCOPES)[number];

export const CAP_CATEGORIES = [
  'Geo',
  'Met',
  'Safety',
  'Security',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'CBRNE',
  'Other',
] as const;
export type CapCategory = (typeof CAP_CATEGORIES)[number];

export const CAP_RESPONSE_TYPES = [
  'Shelter',
  'Evacuate',
  'Prepare',
  'Execute',
  'Avoid',
  'Monitor',
  'Assess',
  'AllClear',
  'None',
] as const;
export type CapResponseType = (typeof CAP_RESPONSE_TYPES)[number];

export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export type CapUrgency = (typeof CAP_URGENCIES)[number];

export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export type CapSeverity = (typeof CAP_SEVERITIES)[number];

export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;
export type CapCertainty = (typeof CAP_CERTAINTIES)[number];

/** `<eventCode>`, `<parameter>`, `<geocode>`: a name and a value. */
export interface CapValuePair {
  valueName: string;
  value: string;
}

/** One entry of `<references>`: the message referred to. */
export interface CapReference {
  sender: string;
  identifier: string;
  sent: Date;
}

export interface CapResource {
  resourceDesc: string;
  mimeType: string;
  /** Size in bytes. */
  size?: number;
  uri?: string;
  /** Base64 of the resource itself, when it is carried inline. */
  derefUri?: string;
  /** SHA-1 of the resource, lower-case hex (CAP 1.2 §3.2.3). */
  digest?: string;
}

/** `[latitude, longitude]` in WGS 84 decimal degrees. */
export type CapPoint = [lat: number, lon: number];

export interface CapCircle {
  lat: number;
  lon: number;
  radiusKm: number;
}

export interface CapArea {
  areaDesc: string;
  /** Each polygon is closed: at least four points, first equal to last. */
  polygons: CapPoint[][];
  circles: CapCircle[];
  geocodes: CapValuePair[];
  /** Feet above mean sea level (CAP 1.2). */
  altitude?: number;
  /** Feet above mean sea level; only meaningful with `altitude`. */
  ceiling?: number;
}

export interface CapInfoInput {
  /** RFC 3066 language tag; parse fills the XSD default `en-US` when absent. */
  language: string;
  category: CapCategory[];
  event: string;
  responseType: CapResponseType[];
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  audience?: string;
  eventCode?: CapValuePair[];
  effective?: Date;
  onset?: Date;
  expires?: Date;
  senderName?: string;
  headline?: string;
  description?: string;
  instruction?: string;
  web?: string;
  contact?: string;
  parameters: CapValuePair[];
  resources: CapResource[];
  areas: CapArea[];
}

export interface CapMessageInput {
  /** No spaces, commas, `<` or `&` (CAP 1.2 §3.2.1). */
  identifier: string;
  /** No spaces, commas, `<` or `&` (CAP 1.2 §3.2.1). */
  sender: string;
  sent: Date;
  status: CapStatus;
  msgType: CapMsgType;
  source?: string;
  scope: CapScope;
  /** Required when scope is Restricted. */
  restriction?: string;
  /** Required when scope is Private. Written space-separated, quoted when an address holds a space. */
  addresses?: string[];
  /** `<code>` elements (special handling codes, e.g. an IPAWS profile). */
  codes?: string[];
  note?: string;
  /** Earlier messages this one refers to; required for Update, Cancel, Ack and Error. */
  references: CapReference[];
  /** Written space-separated, quoted when an incident name holds a space. */
  incidents?: string[];
  infos: CapInfoInput[];
}

/**
 * What `parseCap` returns: the same model, plus `hasSignature: true` when the
 * alert carries an XML-DSig `<Signature>` (left out otherwise, so an unsigned
 * message reads back equal to what was built). Verify the signature on the raw
 * bytes (xml-crypto), never on a re-serialisation.
 */
export interface ParsedCap extends CapMessageInput {
  hasSignature?: true;
}

/** Short names for the same shapes. */
export type CapInfo = CapInfoInput;
export type CapMessage = CapMessageInput;
