import { parseCapDate } from './cap-date.util';
import { CapErrorCode, CapParseError } from './cap.errors';
import {
  CAP_CATEGORIES,
  CAP_CERTAINTIES,
  CAP_MSG_TYPES,
  CAP_NAMESPACE,
  CAP_RESPONSE_TYPES,
  CAP_SCOPES,
  CAP_SEVERITIES,
  CAP_STATUSES,
  CAP_URGENCIES,
  XMLDSIG_NAMESPACE,
  type CapArea,
  type CapCircle,
  type CapInfoInput,
  type CapPoint,
  type CapReference,
  type CapResource,
  type CapValuePair,
  type ParsedCap,
} from './cap.types';
import { SafeXmlReader, type XmlElement, type XmlLimits } from './safe-xml.reader';

/**
 * Reads inbound CAP 1.2 into the model. Unsafe input is refused before any
 * parsing (see `SafeXmlReader`): DOCTYPE/ENTITY, more than `maxBytes`
 * (default 1 MiB), nesting deeper than `maxDepth` (default 32).
 *
 * It checks content (required elements, enumerations, dates, numbers,
 * references) and reports the element path (`alert/info[2]/urgency`), but not
 * element order: run `validateCap` for full schema conformance. Polygons are
 * read as given (closure is checked when we build, not when we read).
 *
 * @throws CapParseError with a code saying why (size, markup, depth, XML, content).
 */
export function parseCap(xml: string | Uint8Array, limits?: XmlLimits): ParsedCap {
  const { root } = new SafeXmlReader(limits).read(xml);
  if (root.name !== 'alert' || root.ns !== CAP_NAMESPACE) {
    throw invalid(
      `the root element is <${root.qname}>${root.ns ? ` in namespace ${root.ns}` : ' in no namespace'}; ` +
        `a CAP 1.2 message is <alert xmlns="${CAP_NAMESPACE}">`,
    );
  }
  return readAlert(root);
}

const ALERT_CHILDREN = [
  'identifier',
  'sender',
  'sent',
  'status',
  'msgType',
  'source',
  'scope',
  'restriction',
  'addresses',
  'code',
  'note',
  'references',
  'incidents',
  'info',
];
const INFO_CHILDREN = [
  'language',
  'category',
  'event',
  'responseType',
  'urgency',
  'severity',
  'certainty',
  'audience',
  'eventCode',
  'effective',
  'onset',
  'expires',
  'senderName',
  'headline',
  'description',
  'instruction',
  'web',
  'contact',
  'parameter',
  'resource',
  'area',
];
const RESOURCE_CHILDREN = ['resourceDesc', 'mimeType', 'size', 'uri', 'derefUri', 'digest'];
const AREA_CHILDREN = ['areaDesc', 'polygon', 'circle', 'geocode', 'altitude', 'ceiling'];
const PAIR_CHILDREN = ['valueName', 'value'];

const DECIMAL_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const INTEGER_RE = /^[+-]?\d+$/;

function readAlert(el: XmlElement): ParsedCap {
  let hasSignature = false;
  const c = new Children(el, 'alert', ALERT_CHILDREN, (child) => {
    if (child.ns === XMLDSIG_NAMESPACE && child.name === 'Signature') {
      hasSignature = true;
      return true;
    }
    return false;
  });
  const msg: ParsedCap = {
    identifier: c.required('identifier'),
    sender: c.required('sender'),
    sent: c.date('sent', true),
    status: c.enumeration('status', CAP_STATUSES),
    msgType: c.enumeration('msgType', CAP_MSG_TYPES),
    ...opt('source', c.optional('source')),
    scope: c.enumeration('scope', CAP_SCOPES),
    ...opt('restriction', c.optional('restriction')),
    ...opt('addresses', c.list('addresses')),
    ...opt('codes', nonEmpty(c.optionalMany('code'))),
    ...opt('note', c.optional('note')),
    references: c.references(),
    ...opt('incidents', c.list('incidents')),
    infos: c.elements('info').map((info, i) => readInfo(info, `alert/info[${i + 1}]`)),
  };
  if (hasSignature) msg.hasSignature = true;
  return msg;
}

function readInfo(el: XmlElement, path: string): CapInfoInput {
  const c = new Children(el, path, INFO_CHILDREN);
  const category = c.enumerations('category', CAP_CATEGORIES);
  if (category.length === 0) throw invalid(`${path}: missing <category>`);
  return {
    language: c.optional('language')?.trim() || 'en-US',
    category,
    event: c.required('event'),
    responseType: c.enumerations('responseType', CAP_RESPONSE_TYPES),
    urgency: c.enumeration('urgency', CAP_URGENCIES),
    severity: c.enumeration('severity', CAP_SEVERITIES),
    certainty: c.enumeration('certainty', CAP_CERTAINTIES),
    ...opt('audience', c.optional('audience')),
    ...opt('eventCode', nonEmpty(c.pairs('eventCode'))),
    ...opt('effective', c.date('effective', false)),
    ...opt('onset', c.date('onset', false)),
    ...opt('expires', c.date('expires', false)),
    ...opt('senderName', c.optional('senderName')),
    ...opt('headline', c.optional('headline')),
    ...opt('description', c.optional('description')),
    ...opt('instruction', c.optional('instruction')),
    ...opt('web', c.optional('web')?.trim()),
    ...opt('contact', c.optional('contact')),
    parameters: c.pairs('parameter'),
    resources: c.elements('resource').map((r, i) => readResource(r, `${path}/resource[${i + 1}]`)),
    areas: c.elements('area').map((a, i) => readArea(a, `${path}/area[${i + 1}]`)),
  };
}

function readResource(el: XmlElement, path: string): CapResource {
  const c = new Children(el, path, RESOURCE_CHILDREN);
  const size = c.optional('size')?.trim();
  if (size !== undefined && (!INTEGER_RE.test(size) || !Number.isSafeInteger(Number(size)))) {
    throw invalid(`${path}/size: "${size}" is not a whole number of bytes`);
  }
  return {
    resourceDesc: c.required('resourceDesc'),
    mimeType: c.required('mimeType').trim(),
    ...opt('size', size === undefined ? undefined : Number(size)),
    ...opt('uri', c.optional('uri')?.trim()),
    ...opt('derefUri', c.optional('derefUri')),
    ...opt('digest', c.optional('digest')?.trim()),
  };
}

function readArea(el: XmlElement, path: string): CapArea {
  const c = new Children(el, path, AREA_CHILDREN);
  return {
    areaDesc: c.required('areaDesc'),
    polygons: c.optionalMany('polygon').map((p, i) => readPolygon(p, `${path}/polygon[${i + 1}]`)),
    circles: c.optionalMany('circle').map((p, i) => readCircle(p, `${path}/circle[${i + 1}]`)),
    geocodes: c.pairs('geocode'),
    ...opt('altitude', c.decimal('altitude')),
    ...opt('ceiling', c.decimal('ceiling')),
  };
}

function readPolygon(text: string, path: string): CapPoint[] {
  const pairs = text.trim().split(/\s+/);
  if (pairs.length === 1 && pairs[0] === '') throw invalid(`${path}: empty polygon`);
  return pairs.map((pair, i) => readLatLon(pair, `${path} point ${i + 1}`));
}

function readCircle(text: string, path: string): CapCircle {
  const parts = text.trim().split(/\s+/);
  const radius = parts[1] ?? '';
  if (parts.length !== 2 || !DECIMAL_RE.test(radius) || Number(radius) < 0) {
    throw invalid(`${path}: "${text.trim()}" is not "lat,lon radius" (radius in km, not negative)`);
  }
  const [lat, lon] = readLatLon(parts[0] ?? '', path);
  return { lat, lon, radiusKm: Number(radius) };
}

function readLatLon(pair: string, path: string): CapPoint {
  const [lat = '', lon = '', ...rest] = pair.split(',');
  const la = Number(lat);
  const lo = Number(lon);
  if (
    rest.length > 0 ||
    !DECIMAL_RE.test(lat) ||
    !DECIMAL_RE.test(lon) ||
    Math.abs(la) > 90 ||
    Math.abs(lo) > 180
  ) {
    throw invalid(`${path}: "${pair}" is not "lat,lon" in WGS 84 decimal degrees`);
  }
  return [la, lo];
}

/** The children of one CAP element, checked for unknown names and repeated singletons. */
class Children {
  private readonly byName = new Map<string, XmlElement[]>();

  constructor(
    el: XmlElement,
    private readonly path: string,
    allowed: readonly string[],
    foreign: (child: XmlElement) => boolean = () => false,
  ) {
    if (el.text.trim() !== '') throw invalid(`${path}: unexpected text "${clip(el.text.trim())}"`);
    for (const child of el.children) {
      if (child.ns === CAP_NAMESPACE && allowed.includes(child.name)) {
        const list = this.byName.get(child.name) ?? [];
        list.push(child);
        this.byName.set(child.name, list);
      } else if (!foreign(child)) {
        throw invalid(
          `${path}: unexpected element <${child.qname}>${child.ns === CAP_NAMESPACE ? '' : ` (${child.ns || 'no namespace'})`}`,
        );
      }
    }
  }

  elements(name: string): XmlElement[] {
    return this.byName.get(name) ?? [];
  }

  optional(name: string): string | undefined {
    const list = this.elements(name);
    if (list.length > 1)
      throw invalid(`${this.path}: <${name}> appears ${list.length} times, at most once allowed`);
    return list[0] === undefined ? undefined : leafText(list[0], `${this.path}/${name}`);
  }

  required(name: string): string {
    const value = this.optional(name);
    if (value === undefined) throw invalid(`${this.path}: missing <${name}>`);
    return value;
  }

  optionalMany(name: string): string[] {
    return this.elements(name).map((e, i) => leafText(e, `${this.path}/${name}[${i + 1}]`));
  }

  enumeration<T extends string>(name: string, allowed: readonly T[]): T {
    return checkEnum(this.required(name).trim(), allowed, `${this.path}/${name}`);
  }

  enumerations<T extends string>(name: string, allowed: readonly T[]): T[] {
    return this.optionalMany(name).map((v, i) =>
      checkEnum(v.trim(), allowed, `${this.path}/${name}[${i + 1}]`),
    );
  }

  date(name: string, required: true): Date;
  date(name: string, required: false): Date | undefined;
  date(name: string, required: boolean): Date | undefined {
    const text = required ? this.required(name) : this.optional(name);
    if (text === undefined) return undefined;
    const date = parseCapDate(text);
    if (!date) {
      throw invalid(
        `${this.path}/${name}: "${clip(text)}" is not a CAP date-time ` +
          '(like 2026-11-23T15:04:05+00:00: an explicit offset, no Z, no fractions of a second)',
      );
    }
    return date;
  }

  decimal(name: string): number | undefined {
    const text = this.optional(name)?.trim();
    if (text === undefined) return undefined;
    if (!DECIMAL_RE.test(text))
      throw invalid(`${this.path}/${name}: "${clip(text)}" is not a decimal number`);
    return Number(text);
  }

  pairs(name: string): CapValuePair[] {
    return this.elements(name).map((e, i) => {
      const c = new Children(e, `${this.path}/${name}[${i + 1}]`, PAIR_CHILDREN);
      return { valueName: c.required('valueName'), value: c.required('value') };
    });
  }

  /** addresses / incidents: whitespace-separated, double quotes around items holding whitespace. */
  list(name: string): string[] | undefined {
    const text = this.optional(name);
    if (text === undefined) return undefined;
    const items = [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
    return items.length > 0 ? items : undefined;
  }

  references(): CapReference[] {
    const text = this.optional('references');
    if (text === undefined) return [];
    return text
      .trim()
      .split(/\s+/)
      .filter((t) => t !== '')
      .map((triple, i) => {
        const [sender = '', identifier = '', sent = '', ...rest] = triple.split(',');
        const date = parseCapDate(sent);
        if (rest.length > 0 || sender === '' || identifier === '' || !date) {
          throw invalid(
            `${this.path}/references: entry ${i + 1} "${clip(triple)}" is not "sender,identifier,sent" ` +
              '(sent like 2026-11-23T15:04:05+00:00)',
          );
        }
        return { sender, identifier, sent: date };
      });
  }
}

function leafText(el: XmlElement, path: string): string {
  if (el.children.length > 0) throw invalid(`${path}: unexpected element <${el.children[0].qname}> inside`);
  return el.text;
}

function checkEnum<T extends string>(value: string, allowed: readonly T[], path: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalid(`${path}: "${clip(value)}" is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** `{ [key]: value }` when value is defined, `{}` otherwise: absent fields stay absent. */
function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function invalid(message: string): CapParseError {
  return new CapParseError(CapErrorCode.InvalidContent, `Not a valid CAP 1.2 message: ${message}`);
}
