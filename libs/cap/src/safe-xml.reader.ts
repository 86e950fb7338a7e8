import { CapErrorCode, CapParseError } from './cap.errors';
import { decode, hasIllegalXmlChar, malformed, positionOf } from './xml-text.util';

/**
 * A small, strict, non-validating XML reader for untrusted input (inbound CAP
 * from partners, CAP embedded in feeds).
 *
 * Why our own and not a general parser: CAP needs only elements, attributes,
 * text, CDATA, comments and processing instructions. Refusing every DOCTYPE
 * removes the whole attack surface of DTDs (external entities, entity
 * expansion, external DTD fetches) instead of configuring it away; what is
 * left fits in one file that resolves namespaces properly (a CAP root may be
 * `cap:alert`; a signature is recognised by its namespace, not its prefix),
 * is iterative (no stack to overflow) and reports errors with line and column.
 *
 * Limits: byte size first (before decoding), then forbidden markup, both
 * before reading; then depth, element and attribute counts while reading, so
 * the tree never outgrows them and a hostile 1 MiB body is refused early.
 */

export interface XmlLimits {
  /** Largest accepted body in bytes (UTF-8). Default 1 MiB. */
  maxBytes?: number;
  /** Deepest accepted element nesting (the root is depth 1). Default 32. */
  maxDepth?: number;
  /** Most elements in one document. Default 10,000 (a CAP message in 14 languages has about 1,000). */
  maxElements?: number;
  /** Most attributes on one element (namespace declarations included). Default 64. */
  maxAttributes?: number;
}

export const DEFAULT_XML_LIMITS: Readonly<Required<XmlLimits>> = Object.freeze({
  maxBytes: 1024 * 1024,
  maxDepth: 32,
  maxElements: 10_000,
  maxAttributes: 64,
});

export interface XmlElement {
  /** Local name (without prefix). */
  readonly name: string;
  /** Qualified name as written (`cap:alert`). */
  readonly qname: string;
  /** Namespace URI; '' when the element is in no namespace. */
  readonly ns: string;
  /** Attributes by qualified name, namespace declarations excluded. */
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** Character data directly inside this element (text and CDATA), decoded. */
  text: string;
  /** Offset of `<` of the start tag in the source text. */
  readonly start: number;
  /** Offset just after the end tag (or `/>`) in the source text. */
  end: number;
}

export interface XmlDocument {
  readonly root: XmlElement;
  /** The decoded source text (BOM removed); `start`/`end` offsets point into it. */
  readonly source: string;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const EMPTY_ATTRS: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);
const NAME_START = 'A-Za-z_\\u00C0-\\uFFFF';
const NAME_CHAR = '\\-.0-9\\u00B7' + NAME_START;
const NCNAME = `[${NAME_START}][${NAME_CHAR}]*`;
const QNAME = `${NCNAME}(?::${NCNAME})?`;
const START_TAG_NAME = new RegExp(QNAME, 'y');
const ATTRIBUTE = new RegExp(`\\s+(${QNAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'y');
const START_TAG_END = /\s*(\/?)>/y;
const END_TAG = new RegExp(`(${QNAME})\\s*>`, 'y');
const FORBIDDEN_MARKUP = /<!(DOCTYPE|ENTITY)/i;

/** Namespace declarations of one element, chained to its parent's: no copying, lookups bounded by depth. */
interface Scope {
  readonly declared: ReadonlyMap<string, string>;
  readonly parent?: Scope;
}

function lookup(scope: Scope | undefined, prefix: string): string | undefined {
  for (let s = scope; s; s = s.parent) {
    const uri = s.declared.get(prefix);
    if (uri !== undefined) return uri;
  }
  return undefined;
}

export class SafeXmlReader {
  private readonly maxBytes: number;
  private readonly maxDepth: number;
  private readonly maxElements: number;
  private readonly maxAttributes: number;

  constructor(limits: XmlLimits = {}) {
    this.maxBytes = limits.maxBytes ?? DEFAULT_XML_LIMITS.maxBytes;
    this.maxDepth = limits.maxDepth ?? DEFAULT_XML_LIMITS.maxDepth;
    this.maxElements = limits.maxElements ?? DEFAULT_XML_LIMITS.maxElements;
    this.maxAttributes = limits.maxAttributes ?? DEFAULT_XML_LIMITS.maxAttributes;
  }

  /**
   * Size and forbidden-markup checks only, no parsing. Returns the decoded
   * text. Call this before handing untrusted bytes to any other XML library
   * (xml-crypto, xmllint).
   */
  assertSafe(input: string | Uint8Array): string {
    // A UTF-16 code unit is at least one UTF-8 byte, so length alone settles most oversized strings.
    const exact = typeof input !== 'string' || input.length <= this.maxBytes;
    const bytes =
      typeof input !== 'string' ? input.byteLength : exact ? Buffer.byteLength(input, 'utf8') : input.length;
    if (bytes > this.maxBytes) {
      throw new CapParseError(
        CapErrorCode.BodyTooLarge,
        `XML body of ${exact ? '' : 'at least '}${bytes} bytes exceeds the limit of ${this.maxBytes} bytes`,
      );
    }
    const text = typeof input === 'string' ? input : decodeUtf8(input);
    const forbidden = FORBIDDEN_MARKUP.exec(text);
    if (forbidden) {
      throw new CapParseError(
        CapErrorCode.ForbiddenMarkup,
        `XML with a <!${forbidden[1]}> declaration is refused (${positionOf(text, forbidden.index)}): ` +
          'DTDs and entity declarations are not accepted, send the document without them',
      );
    }
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  read(input: string | Uint8Array): XmlDocument {
    const source = this.assertSafe(input);
    if (hasIllegalXmlChar(source)) {
      const at = source.search(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\uD800-\uDFFF]/);
      throw malformed(source, Math.max(at, 0), 'a character XML does not allow (control character)');
    }
    return { root: this.parse(source), source };
  }

  private parse(src: string): XmlElement {
    let pos = this.prolog(src);
    const stack: XmlElement[] = [];
    const scopes: Scope[] = [{ declared: new Map([['xml', XML_NS]]) }];
    let root: XmlElement | undefined;
    let elements = 0;

    while (pos < src.length) {
      const lt = src.indexOf('<', pos);
      const textEnd = lt < 0 ? src.length : lt;
      if (textEnd > pos) {
        const raw = src.slice(pos, textEnd);
        const top = stack[stack.length - 1];
        if (top) {
          if (raw.includes(']]>')) throw malformed(src, pos + raw.indexOf(']]>'), "']]>' in text");
          top.text += decode(raw, false, src, pos);
        } else if (raw.trim() !== '') {
          throw malformed(src, pos, 'text outside the root element');
        }
      }
      if (lt < 0) break;
      pos = lt;

      if (src.startsWith('<!--', pos)) {
        pos = this.comment(src, pos);
      } else if (src.startsWith('<![CDATA[', pos)) {
        const top = stack[stack.length - 1];
        if (!top) throw malformed(src, pos, 'CDATA section outside the root element');
        const close = src.indexOf(']]>', pos + 9);
        if (close < 0) throw malformed(src, pos, 'unterminated CDATA section');
        top.text += src.slice(pos + 9, close).replace(/\r\n?/g, '\n');
        pos = close + 3;
      } else if (src.startsWith('<?', pos)) {
        pos = this.processingInstruction(src, pos);
      } else if (src.startsWith('<!', pos)) {
        throw malformed(src, pos, 'markup declarations are not accepted');
      } else if (src.startsWith('</', pos)) {
        END_TAG.lastIndex = pos + 2;
        const m = END_TAG.exec(src);
        const top = stack[stack.length - 1];
        if (!m || !top) throw malformed(src, pos, 'an unexpected end tag');
        if (m[1] !== top.qname) {
          throw malformed(src, pos, `end tag </${m[1]}> where </${top.qname}> was expected`);
        }
        pos = END_TAG.lastIndex;
        top.end = pos;
        stack.pop();
        scopes.pop();
        if (stack.length === 0) break;
      } else {
        if (root && stack.length === 0) throw malformed(src, pos, 'a second root element');
        if (stack.length >= this.maxDepth) {
          throw new CapParseError(
            CapErrorCode.TooDeep,
            `XML nested deeper than ${this.maxDepth} elements (${positionOf(src, pos)}); CAP needs far fewer`,
          );
        }
        if (++elements > this.maxElements) {
          throw new CapParseError(
            CapErrorCode.TooComplex,
            `XML with more than ${this.maxElements} elements (${positionOf(src, pos)}); CAP needs far fewer`,
          );
        }
        const { element, scope, selfClosing, next } = this.startTag(src, pos, scopes[scopes.length - 1]);
        const parent = stack[stack.length - 1];
        if (parent) parent.children.push(element);
        else root = element;
        pos = next;
        if (!selfClosing) {
          stack.push(element);
          scopes.push(scope);
        } else if (stack.length === 0) {
          break;
        }
      }
    }

    if (!root) throw malformed(src, pos, 'no root element');
    if (stack.length > 0) {
      throw malformed(src, src.length, `end of input inside <${stack[stack.length - 1].qname}>`);
    }
    this.epilog(src, pos);
    return root;
  }

  /** XML declaration, comments, PIs and whitespace before the root. */
  private prolog(src: string): number {
    let pos = 0;
    if (src.startsWith('<?xml') && /\s/.test(src.charAt(5))) {
      const end = src.indexOf('?>', 5);
      if (end < 0) throw malformed(src, 0, 'unterminated XML declaration');
      const decl = src.slice(0, end);
      const encoding = /\sencoding\s*=\s*["']([^"']*)["']/.exec(decl)?.[1];
      if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) {
        throw new CapParseError(
          CapErrorCode.MalformedXml,
          `XML declares encoding "${encoding}"; only UTF-8 is accepted`,
        );
      }
      pos = end + 2;
    }
    return this.misc(src, pos, true);
  }

  private epilog(src: string, pos: number): void {
    const end = this.misc(src, pos, false);
    if (end < src.length) throw malformed(src, end, 'content after the root element');
  }

  /** Skips whitespace, comments and PIs; stops at anything else. */
  private misc(src: string, start: number, beforeRoot: boolean): number {
    let pos = start;
    for (;;) {
      while (pos < src.length && /\s/.test(src.charAt(pos))) pos++;
      if (src.startsWith('<!--', pos)) pos = this.comment(src, pos);
      else if (src.startsWith('<?', pos)) pos = this.processingInstruction(src, pos);
      else if (beforeRoot && pos < src.length && !src.startsWith('<', pos)) {
        throw malformed(src, pos, 'text before the root element');
      } else return pos;
    }
  }

  private comment(src: string, pos: number): number {
    const end = src.indexOf('--', pos + 4);
    if (end < 0 || src.charAt(end + 2) !== '>') throw malformed(src, pos, "a comment not closed by '-->'");
    return end + 3;
  }

  private processingInstruction(src: string, pos: number): number {
    const end = src.indexOf('?>', pos + 2);
    if (end < 0) throw malformed(src, pos, 'an unterminated processing instruction');
    if (/^xml(\s|$)/i.test(src.slice(pos + 2, end))) {
      throw malformed(src, pos, 'an XML declaration that is not at the very start');
    }
    return end + 2;
  }

  private startTag(
    src: string,
    pos: number,
    parentScope: Scope,
  ): { element: XmlElement; scope: Scope; selfClosing: boolean; next: number } {
    START_TAG_NAME.lastIndex = pos + 1;
    const nameMatch = START_TAG_NAME.exec(src);
    if (!nameMatch) throw malformed(src, pos, "'<' not followed by an element name (escape it as &lt;)");
    const qname = nameMatch[0];
    let cursor = START_TAG_NAME.lastIndex;
    // Allocated only when there are attributes: most CAP elements have none.
    let attrs: Record<string, string> = EMPTY_ATTRS;
    let declared: Map<string, string> | undefined;
    let count = 0;

    for (;;) {
      ATTRIBUTE.lastIndex = cursor;
      const a = ATTRIBUTE.exec(src);
      if (!a) break;
      if (++count > this.maxAttributes) {
        throw new CapParseError(
          CapErrorCode.TooComplex,
          `<${qname}> has more than ${this.maxAttributes} attributes (${positionOf(src, pos)})`,
        );
      }
      const [, attrName = '', dq, sq] = a;
      const value = decode(dq ?? sq ?? '', true, src, cursor);
      const nsPrefix =
        attrName === 'xmlns' ? '' : attrName.startsWith('xmlns:') ? attrName.slice(6) : undefined;
      if (nsPrefix === undefined ? attrName in attrs : declared?.has(nsPrefix)) {
        throw malformed(src, cursor, `attribute "${attrName}" repeated on <${qname}>`);
      }
      if (nsPrefix !== undefined) {
        declared ??= new Map();
        declared.set(nsPrefix, value);
      } else {
        if (attrs === EMPTY_ATTRS) attrs = Object.create(null) as Record<string, string>;
        attrs[attrName] = value;
      }
      cursor = ATTRIBUTE.lastIndex;
    }
    START_TAG_END.lastIndex = cursor;
    const end = START_TAG_END.exec(src);
    if (!end) throw malformed(src, cursor, `a malformed attribute or an unclosed start tag <${qname}>`);

    const scope: Scope = declared ? { declared, parent: parentScope } : parentScope;
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const ns = lookup(scope, prefix);
    if (prefix !== '' && !ns) throw malformed(src, pos, `undeclared namespace prefix "${prefix}"`);
    const element: XmlElement = {
      name: colon < 0 ? qname : qname.slice(colon + 1),
      qname,
      ns: ns ?? '',
      attrs,
      children: [],
      text: '',
      start: pos,
      end: START_TAG_END.lastIndex,
    };
    return { element, scope, selfClosing: end[1] === '/', next: START_TAG_END.lastIndex };
  }
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new CapParseError(CapErrorCode.MalformedXml, 'XML body is not valid UTF-8; send it UTF-8 encoded');
  }
}

/**
 * Size and DOCTYPE/ENTITY checks without parsing; returns the decoded text.
 * Run it on untrusted bytes before any other XML library sees them.
 */
export function assertSafeXml(input: string | Uint8Array, limits?: XmlLimits): string {
  return new SafeXmlReader(limits).assertSafe(input);
}
