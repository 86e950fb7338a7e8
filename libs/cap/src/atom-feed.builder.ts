import { formatAtomDate } from './cap-date.util';
import { CapErrorCode, CapParseError } from './cap.errors';
import { CAP_MIME_TYPE, CAP_NAMESPACE } from './cap.types';
import { SafeXmlReader, type XmlLimits } from './safe-xml.reader';
import { escapeXmlAttr, escapeXmlText, hasIllegalXmlChar } from './xml-text.util';

export const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';
export const ATOM_MIME_TYPE = 'application/atom+xml';

export interface AtomPerson {
  name: string;
  uri?: string;
  email?: string;
}

export interface AtomCategory {
  term: string;
  scheme?: string;
  label?: string;
}

export interface AtomEntryInput {
  /** A permanent IRI (e.g. `urn:uuid:...` or the alert's CAP `sender,identifier` as a tag: URI). */
  id: string;
  title: string;
  updated: Date;
  summary: string;
  /** The human page: `<link rel="alternate" type="text/html">`. */
  link: string;
  /** The CAP document: `<link rel="alternate" type="application/cap+xml">`. */
  capUrl: string;
  categories?: (string | AtomCategory)[];
  /**
   * A complete CAP document (typically signed) to embed as
   * `<content type="application/cap+xml">`. Its root element is copied byte
   * for byte; only the XML declaration before it is dropped (it cannot appear
   * inside another document, and a signature does not cover it).
   */
  embeddedCap?: string;
}

export interface AtomFeedInput {
  id: string;
  title: string;
  updated: Date;
  /** The feed's own URL: `<link rel="self">`. */
  selfUrl: string;
  /** Atom requires an author on the feed or on every entry; defaults to `{ name: title }`. */
  author?: AtomPerson;
  entries: AtomEntryInput[];
}

/** Atom 1.0 (RFC 4287) feed text, UTF-8. */
export function buildAtomFeed(feed: AtomFeedInput, embeddedCapLimits?: XmlLimits): string {
  const reader = new SafeXmlReader(embeddedCapLimits);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<feed xmlns="${ATOM_NAMESPACE}">\n`,
    text(1, 'id', feed.id),
    text(1, 'title', feed.title),
    text(1, 'updated', formatAtomDate(feed.updated)),
    `  <link rel="self" type="${ATOM_MIME_TYPE}" href="${attr(feed.selfUrl)}"/>\n`,
    person(feed.author ?? { name: feed.title }),
  ];
  for (const entry of feed.entries) {
    out.push(
      '  <entry>\n',
      text(2, 'id', entry.id),
      text(2, 'title', entry.title),
      text(2, 'updated', formatAtomDate(entry.updated)),
      `    <link rel="alternate" type="text/html" href="${attr(entry.link)}"/>\n`,
      `    <link rel="alternate" type="${CAP_MIME_TYPE}" href="${attr(entry.capUrl)}"/>\n`,
      ...(entry.categories ?? []).map(category),
      text(2, 'summary', entry.summary),
    );
    if (entry.embeddedCap !== undefined) {
      out.push(
        `    <content type="${CAP_MIME_TYPE}">`,
        capRootElement(reader, entry.embeddedCap, entry.id),
        '</content>\n',
      );
    }
    out.push('  </entry>\n');
  }
  out.push('</feed>\n');
  return out.join('');
}

/** The CAP document's root element exactly as written, after checking it is a safe, well-formed CAP alert. */
function capRootElement(reader: SafeXmlReader, cap: string, entryId: string): string {
  const { root, source } = reader.read(cap);
  if (root.name !== 'alert' || root.ns !== CAP_NAMESPACE) {
    throw new CapParseError(
      CapErrorCode.InvalidContent,
      `Atom entry ${entryId}: embeddedCap's root is <${root.qname}>, not a CAP 1.2 <alert>`,
    );
  }
  return source.slice(root.start, root.end);
}

function person(p: AtomPerson): string {
  return (
    '  <author>\n' +
    text(2, 'name', p.name) +
    (p.uri === undefined ? '' : text(2, 'uri', p.uri)) +
    (p.email === undefined ? '' : text(2, 'email', p.email)) +
    '  </author>\n'
  );
}

function category(c: string | AtomCategory): string {
  const { term, scheme, label } =
    typeof c === 'string' ? { term: c, scheme: undefined, label: undefined } : c;
  return (
    `    <category term="${attr(term)}"` +
    (scheme === undefined ? '' : ` scheme="${attr(scheme)}"`) +
    (label === undefined ? '' : ` label="${attr(label)}"`) +
    '/>\n'
  );
}

function text(depth: number, name: string, value: string): string {
  return `${'  '.repeat(depth)}<${name}>${escapeXmlText(checked(name, value))}</${name}>\n`;
}

function attr(value: string): string {
  return escapeXmlAttr(checked('attribute', value));
}

function checked(what: string, value: string): string {
  if (hasIllegalXmlChar(value))
    throw new RangeError(`Atom ${what}: contains a control character XML cannot carry`);
  return value;
}
