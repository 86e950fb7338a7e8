import { CapErrorCode, CapParseError } from './cap.errors';

// XML text in and out: escaping when we write, reference decoding and error positions when we read.

// Characters XML 1.0 cannot carry at all, not even as character references.
const ILLEGAL_XML_CHARS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `text` holds a character XML 1.0 cannot represent (control characters, lone surrogates). */
export function hasIllegalXmlChar(text: string): boolean {
  return ILLEGAL_XML_CHARS.test(text);
}

/**
 * Escapes element content. `>` is escaped too (so `]]>` cannot appear) and
 * `\r` becomes `&#13;`, since parsers turn a literal CR into LF.
 */
export function escapeXmlText(text: string): string {
  return text.replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c] ?? c);
}

/** Escapes an attribute value (for double- or single-quoted attributes); keeps tabs and newlines as written. */
export function escapeXmlAttr(text: string): string {
  return text.replace(/[&<>"'\t\n\r]/g, (c) => ATTR_ESCAPES[c] ?? c);
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTR_ESCAPES: Record<string, string> = {
  ...TEXT_ESCAPES,
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
};

const NEEDS_DECODING = /[&\r\t\n]/;
const PREDEFINED: Readonly<Record<string, string>> = Object.assign(
  Object.create(null) as Record<string, string>,
  {
    lt: '<',
    gt: '>',
    amp: '&',
    quot: '"',
    apos: "'",
  },
);

/** Line and column of an offset, for messages a person can act on. */
export function positionOf(src: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = src.indexOf('\n'); i >= 0 && i < offset; i = src.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

export function malformed(src: string, offset: number, what: string): CapParseError {
  return new CapParseError(CapErrorCode.MalformedXml, `Malformed XML at ${positionOf(src, offset)}: ${what}`);
}

/** Entity/character references and end-of-line (and, in attributes, whitespace) normalisation. */
export function decode(raw: string, attribute: boolean, src: string, offset: number): string {
  if (!NEEDS_DECODING.test(raw)) return raw;
  let out = '';
  let last = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x26 /* & */) {
      const semi = raw.indexOf(';', i + 1);
      // The longest legal reference here is &#x10FFFF; (10 characters).
      if (semi < 0 || semi - i > 10) throw malformed(src, offset + i, "a bare '&' (escape it as &amp;)");
      out += raw.slice(last, i) + resolveReference(raw.slice(i + 1, semi), src, offset + i);
      i = semi;
      last = semi + 1;
    } else if (c === 0x0d /* CR */) {
      out += raw.slice(last, i) + (attribute ? ' ' : '\n');
      if (raw.charCodeAt(i + 1) === 0x0a) i++;
      last = i + 1;
    } else if (attribute && (c === 0x09 || c === 0x0a)) {
      out += raw.slice(last, i) + ' ';
      last = i + 1;
    }
  }
  return out + raw.slice(last);
}

function resolveReference(ref: string, src: string, offset: number): string {
  const predefined = PREDEFINED[ref];
  if (predefined !== undefined) return predefined;
  const hex = /^#x([0-9a-fA-F]{1,6})$/.exec(ref)?.[1];
  const dec = hex === undefined ? /^#([0-9]{1,7})$/.exec(ref)?.[1] : undefined;
  if (hex === undefined && dec === undefined) {
    throw malformed(
      src,
      offset,
      /^[A-Za-z][A-Za-z0-9]*$/.test(ref) ? `undefined entity &${ref};` : "a bare '&' (escape it as &amp;)",
    );
  }
  const code = hex !== undefined ? parseInt(hex, 16) : parseInt(dec ?? '', 10);
  const ok =
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff);
  if (!ok) throw malformed(src, offset, `character reference &${ref}; to a character XML does not allow`);
  return String.fromCodePoint(code);
}
