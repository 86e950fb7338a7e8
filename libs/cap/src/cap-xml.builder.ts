import { formatCapDate } from './cap-date.util';
import { CapValidationError } from './cap.errors';
import {
  CAP_NAMESPACE,
  type CapArea,
  type CapCircle,
  type CapInfoInput,
  type CapMessageInput,
  type CapPoint,
  type CapResource,
  type CapValuePair,
} from './cap.types';
import { escapeXmlText, hasIllegalXmlChar } from './xml-text.util';

/**
 * Serialises the model to CAP 1.2 XML, elements in XSD sequence order.
 *
 * It checks what the XSD cannot see (coordinates in range, closed polygons,
 * identifiers without spaces or commas, SHA-1 digests, references where the
 * msgType needs them, characters XML cannot carry) and throws
 * `CapValidationError` naming the element. Everything the XSD does check is
 * left to `validateCap` / `buildValidCapXml`.
 */
export function buildCapXml(input: CapMessageInput): string {
  return new CapXmlWriter().write(input);
}

/** One `references` entry: `sender,identifier,sent`. */
export function capReference(sender: string, identifier: string, sent: Date): string {
  return `${sender},${identifier},${formatCapDate(sent)}`;
}

const MSG_TYPES_NEEDING_REFERENCES = new Set(['Update', 'Cancel', 'Ack', 'Error']);
// CAP 1.2 §3.2.1: identifier and sender "MUST NOT include spaces, commas or restricted characters (< and &)".
const CAP_ID_RE = /^[^\s,<&]+$/;
const SHA1_HEX_RE = /^[0-9a-fA-F]{40}$/;

class CapXmlWriter {
  private readonly out: string[] = [];
  private readonly errors: string[] = [];

  write(msg: CapMessageInput): string {
    this.out.push('<?xml version="1.0" encoding="UTF-8"?>\n', `<alert xmlns="${CAP_NAMESPACE}">\n`);
    this.checkId('alert/identifier', msg.identifier);
    this.checkId('alert/sender', msg.sender);
    this.text(1, 'identifier', msg.identifier, 'alert');
    this.text(1, 'sender', msg.sender, 'alert');
    this.date(1, 'sent', msg.sent, 'alert');
    this.text(1, 'status', msg.status, 'alert');
    this.text(1, 'msgType', msg.msgType, 'alert');
    this.text(1, 'source', msg.source, 'alert');
    this.text(1, 'scope', msg.scope, 'alert');
    if (msg.scope === 'Restricted' && !msg.restriction) {
      this.errors.push('alert/restriction: required when scope is Restricted');
    }
    if (msg.scope === 'Private' && !msg.addresses?.length) {
      this.errors.push('alert/addresses: required when scope is Private');
    }
    this.text(1, 'restriction', msg.restriction, 'alert');
    this.text(1, 'addresses', this.list('alert/addresses', msg.addresses), 'alert');
    (msg.codes ?? []).forEach((code, i) => this.text(1, 'code', code, `alert/code[${i + 1}]`));
    this.text(1, 'note', msg.note, 'alert');
    this.text(1, 'references', this.references(msg), 'alert');
    this.text(1, 'incidents', this.list('alert/incidents', msg.incidents), 'alert');
    (msg.infos ?? []).forEach((info, i) => this.info(info, `alert/info[${i + 1}]`));
    this.out.push('</alert>\n');
    if (this.errors.length > 0) throw new CapValidationError(this.errors, msg.identifier);
    return this.out.join('');
  }

  private info(info: CapInfoInput, path: string): void {
    this.out.push('  <info>\n');
    this.text(2, 'language', info.language, path);
    if (!info.category?.length) this.errors.push(`${path}/category: at least one is required`);
    (info.category ?? []).forEach((c) => this.text(2, 'category', c, path));
    this.text(2, 'event', info.event, path);
    (info.responseType ?? []).forEach((r) => this.text(2, 'responseType', r, path));
    this.text(2, 'urgency', info.urgency, path);
    this.text(2, 'severity', info.severity, path);
    this.text(2, 'certainty', info.certainty, path);
    this.text(2, 'audience', info.audience, path);
    (info.eventCode ?? []).forEach((p, i) => this.pair(2, 'eventCode', p, `${path}/eventCode[${i + 1}]`));
    this.date(2, 'effective', info.effective, path);
    this.date(2, 'onset', info.onset, path);
    this.date(2, 'expires', info.expires, path);
    this.text(2, 'senderName', info.senderName, path);
    this.text(2, 'headline', info.headline, path);
    this.text(2, 'description', info.description, path);
    this.text(2, 'instruction', info.instruction, path);
    this.text(2, 'web', info.web, path);
    this.text(2, 'contact', info.contact, path);
    (info.parameters ?? []).forEach((p, i) => this.pair(2, 'parameter', p, `${path}/parameter[${i + 1}]`));
    (info.resources ?? []).forEach((r, i) => this.resource(r, `${path}/resource[${i + 1}]`));
    (info.areas ?? []).forEach((a, i) => this.area(a, `${path}/area[${i + 1}]`));
    this.out.push('  </info>\n');
  }

  private resource(r: CapResource, path: string): void {
    this.out.push('    <resource>\n');
    this.text(3, 'resourceDesc', r.resourceDesc, path);
    this.text(3, 'mimeType', r.mimeType, path);
    if (r.size !== undefined && !(Number.isSafeInteger(r.size) && r.size >= 0)) {
      this.errors.push(`${path}/size: ${r.size} is not a whole number of bytes`);
    }
    this.text(3, 'size', r.size === undefined ? undefined : String(r.size), path);
    this.text(3, 'uri', r.uri, path);
    this.text(3, 'derefUri', r.derefUri, path);
    if (r.digest !== undefined && !SHA1_HEX_RE.test(r.digest)) {
      this.errors.push(`${path}/digest: "${r.digest}" is not a SHA-1 hex digest (40 hex digits)`);
    }
    this.text(3, 'digest', r.digest, path);
    this.out.push('    </resource>\n');
  }

  private area(a: CapArea, path: string): void {
    this.out.push('    <area>\n');
    this.text(3, 'areaDesc', a.areaDesc, path);
    (a.polygons ?? []).forEach((p, i) =>
      this.text(3, 'polygon', this.polygon(p, `${path}/polygon[${i + 1}]`), path),
    );
    (a.circles ?? []).forEach((c, i) =>
      this.text(3, 'circle', this.circle(c, `${path}/circle[${i + 1}]`), path),
    );
    (a.geocodes ?? []).forEach((g, i) => this.pair(3, 'geocode', g, `${path}/geocode[${i + 1}]`));
    this.text(3, 'altitude', this.decimal(`${path}/altitude`, a.altitude), path);
    if (a.ceiling !== undefined && a.altitude === undefined) {
      this.errors.push(`${path}/ceiling: needs an altitude (CAP 1.2 §3.2.4)`);
    }
    this.text(3, 'ceiling', this.decimal(`${path}/ceiling`, a.ceiling), path);
    this.out.push('    </area>\n');
  }

  private polygon(points: CapPoint[], path: string): string {
    if (points.length < 4) this.errors.push(`${path}: needs at least 4 points, has ${points.length}`);
    const first = points[0];
    const last = points[points.length - 1];
    if (first && last && (first[0] !== last[0] || first[1] !== last[1])) {
      this.errors.push(`${path}: not closed (the first and last points must be equal)`);
    }
    return points.map(([lat, lon], i) => this.latLon(`${path} point ${i + 1}`, lat, lon)).join(' ');
  }

  private circle(c: CapCircle, path: string): string {
    if (!Number.isFinite(c.radiusKm) || c.radiusKm < 0) {
      this.errors.push(`${path}: radius ${c.radiusKm} km is not a non-negative number`);
    }
    return `${this.latLon(path, c.lat, c.lon)} ${formatDecimal(c.radiusKm)}`;
  }

  private latLon(path: string, lat: number, lon: number): string {
    if (!(Number.isFinite(lat) && lat >= -90 && lat <= 90))
      this.errors.push(`${path}: latitude ${lat} out of range`);
    if (!(Number.isFinite(lon) && lon >= -180 && lon <= 180)) {
      this.errors.push(`${path}: longitude ${lon} out of range`);
    }
    return `${formatDecimal(lat)},${formatDecimal(lon)}`;
  }

  private decimal(path: string, n: number | undefined): string | undefined {
    if (n === undefined) return undefined;
    if (!Number.isFinite(n)) this.errors.push(`${path}: ${n} is not a number`);
    return formatDecimal(n);
  }

  private references(msg: CapMessageInput): string | undefined {
    const refs = msg.references ?? [];
    if (MSG_TYPES_NEEDING_REFERENCES.has(msg.msgType) && refs.length === 0) {
      this.errors.push(`alert/references: a ${msg.msgType} must reference the message(s) it concerns`);
    }
    if (refs.length === 0) return undefined;
    return refs
      .map((r, i) => {
        this.checkId(`alert/references[${i + 1}] sender`, r.sender);
        this.checkId(`alert/references[${i + 1}] identifier`, r.identifier);
        return this.safely(`alert/references[${i + 1}] sent`, () =>
          capReference(r.sender, r.identifier, r.sent),
        );
      })
      .join(' ');
  }

  /** addresses / incidents: space-separated, an item with whitespace in double quotes. */
  private list(path: string, items: string[] | undefined): string | undefined {
    if (!items?.length) return undefined;
    return items
      .map((item) => {
        if (item === '' || item.includes('"'))
          this.errors.push(`${path}: "${item}" cannot be listed (empty or has '"')`);
        return /\s/.test(item) ? `"${item}"` : item;
      })
      .join(' ');
  }

  private checkId(path: string, value: string | undefined): void {
    if (typeof value === 'string' && !CAP_ID_RE.test(value)) {
      this.errors.push(`${path}: "${value}" must be non-empty, without spaces, commas, '<' or '&'`);
    }
  }

  private pair(depth: number, name: string, p: CapValuePair, path: string): void {
    const pad = '  '.repeat(depth);
    this.out.push(`${pad}<${name}>\n`);
    this.text(depth + 1, 'valueName', p.valueName, path);
    this.text(depth + 1, 'value', p.value, path);
    this.out.push(`${pad}</${name}>\n`);
  }

  private date(depth: number, name: string, value: Date | undefined, parent: string): void {
    if (value === undefined) return;
    this.text(
      depth,
      name,
      this.safely(`${parent}/${name}`, () => formatCapDate(value)),
      parent,
    );
  }

  /** Writes `<name>value</name>`; nothing when value is undefined. */
  private text(depth: number, name: string, value: string | undefined, parent: string): void {
    if (value === undefined) return;
    if (hasIllegalXmlChar(value)) {
      this.errors.push(`${parent}/${name}: contains a control character XML cannot carry`);
    }
    this.out.push(`${'  '.repeat(depth)}<${name}>${escapeXmlText(value)}</${name}>\n`);
  }

  private safely(path: string, fn: () => string): string {
    try {
      return fn();
    } catch (e) {
      this.errors.push(`${path}: ${(e as Error).message}`);
      return '';
    }
  }
}

/** Plain decimal notation: CAP coordinates never use exponents (`1e-7`). */
export function formatDecimal(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(20).replace(/\.?0+$/, '');
}
