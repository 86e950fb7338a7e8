import { CapErrorCode, CapParseError } from './cap.errors';
import { SafeXmlReader, assertSafeXml } from './safe-xml.reader';

function refusal(fn: () => unknown): CapParseError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CapParseError) return e;
    throw e;
  }
  throw new Error('expected a CapParseError');
}

describe(SafeXmlReader.name, () => {
  const sut = new SafeXmlReader();

  it('reads elements, namespaces, attributes, text, CDATA, comments and PIs', () => {
    const src =
      '\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<!-- c --><?pi x?>\n' +
      '<r xmlns="urn:a" xmlns:b="urn:b" id=\'1\' title="a &amp; &lt;b&gt; &#x3A9;&#937;">' +
      '<b:x>one &quot;two&quot; &apos;3&apos;<![CDATA[<raw> & ]]></b:x><y/><!-- inside --></r>\n<!-- after -->\n';

    const { root, source } = sut.read(src);

    expect(root).toMatchObject({
      name: 'r',
      qname: 'r',
      ns: 'urn:a',
      attrs: { id: '1', title: 'a & <b> ΩΩ' },
    });
    expect(root.children.map((c) => [c.qname, c.name, c.ns, c.text])).toEqual([
      ['b:x', 'x', 'urn:b', `one "two" '3'<raw> & `],
      ['y', 'y', 'urn:a', ''],
    ]);
    expect(source.slice(root.start, root.end)).toMatch(/^<r xmlns="urn:a".*<\/r>$/);
    expect(source.startsWith('<?xml')).toBe(true);
  });

  it('normalises line ends in text and whitespace in attributes, but keeps &#13;', () => {
    const { root } = sut.read('<r a="x\ty\nz">one\r\ntwo\rthree&#13;</r>');

    expect(root.attrs.a).toBe('x y z');
    expect(root.text).toBe('one\ntwo\nthree\r');
  });

  it('keeps attributes free of prototype keys', () => {
    const { root } = sut.read('<r __proto__="x" constructor="y"/>');

    expect(Object.keys(root.attrs)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(root.attrs)).toBeNull();
  });

  it.each([
    ['<r>', 'Malformed XML at line 1, column 4: end of input inside <r>'],
    ['<r></s>', 'Malformed XML at line 1, column 4: end tag </s> where </r> was expected'],
    ['<r/><r/>', 'Malformed XML at line 1, column 5: content after the root element'],
    ['<r>&nbsp;</r>', 'Malformed XML at line 1, column 4: undefined entity &nbsp;'],
    ['<r>a & b</r>', "Malformed XML at line 1, column 6: a bare '&' (escape it as &amp;)"],
    [
      '<r>&#0;</r>',
      'Malformed XML at line 1, column 4: character reference &#0; to a character XML does not allow',
    ],
    [
      '<r>a < b</r>',
      "Malformed XML at line 1, column 6: '<' not followed by an element name (escape it as &lt;)",
    ],
    ['<r a="1" a="2"/>', 'Malformed XML at line 1, column 9: attribute "a" repeated on <r>'],
    ['<r a=1/>', 'Malformed XML at line 1, column 3: a malformed attribute or an unclosed start tag <r>'],
    ['<p:r/>', 'Malformed XML at line 1, column 1: undeclared namespace prefix "p"'],
    ['text<r/>', 'Malformed XML at line 1, column 1: text before the root element'],
    ['<r/>\ntext', 'Malformed XML at line 2, column 1: content after the root element'],
    ['<r>]]></r>', "Malformed XML at line 1, column 4: ']]>' in text"],
    ['<r><!-- a -- b --></r>', "Malformed XML at line 1, column 4: a comment not closed by '-->'"],
    [
      '<r>\u0001</r>',
      'Malformed XML at line 1, column 4: a character XML does not allow (control character)',
    ],
    [
      '<r><?xml version="1.0"?></r>',
      'Malformed XML at line 1, column 4: an XML declaration that is not at the very start',
    ],
    ['<r><!ELEMENT r ANY></r>', 'Malformed XML at line 1, column 4: markup declarations are not accepted'],
    ['', 'Malformed XML at line 1, column 1: no root element'],
  ])('refuses %j', (xml, message) => {
    const error = refusal(() => sut.read(xml));

    expect(error.code).toBe(CapErrorCode.MalformedXml);
    expect(error.message).toBe(message);
  });

  it('refuses encodings other than UTF-8', () => {
    expect(refusal(() => sut.read('<?xml version="1.0" encoding="ISO-8859-7"?><r/>')).message).toBe(
      'XML declares encoding "ISO-8859-7"; only UTF-8 is accepted',
    );
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(
      refusal(() => sut.read(Uint8Array.from([0x3c, 0x72, 0x3e, 0xff, 0x3c, 0x2f, 0x72, 0x3e]))).message,
    ).toBe('XML body is not valid UTF-8; send it UTF-8 encoded');
  });

  it('accepts nesting up to the limit and refuses one more', () => {
    const nest = (depth: number): string => '<a>'.repeat(depth) + '</a>'.repeat(depth);
    const reader = new SafeXmlReader({ maxDepth: 5 });

    expect(reader.read(nest(5)).root.name).toBe('a');
    expect(refusal(() => reader.read(nest(6))).code).toBe(CapErrorCode.TooDeep);
  });

  it('refuses more elements than the limit', () => {
    const reader = new SafeXmlReader({ maxElements: 3 });

    expect(reader.read('<r><a/><b/></r>').root.children).toHaveLength(2);
    const error = refusal(() => reader.read('<r><a/><b/><c/></r>'));
    expect(error.code).toBe(CapErrorCode.TooComplex);
    expect(error.message).toBe('XML with more than 3 elements (line 1, column 12); CAP needs far fewer');
  });

  it('refuses more attributes on one element than the limit, namespace declarations included', () => {
    const reader = new SafeXmlReader({ maxAttributes: 2 });

    expect(reader.read('<r xmlns="urn:x" a="1"/>').root.attrs).toEqual({ a: '1' });
    const error = refusal(() => reader.read('<r xmlns="urn:x" a="1" b="2"/>'));
    expect(error.code).toBe(CapErrorCode.TooComplex);
    expect(error.message).toBe('<r> has more than 2 attributes (line 1, column 1)');
  });

  it('refuses a repeated namespace declaration', () => {
    expect(refusal(() => sut.read('<r xmlns:a="u" xmlns:a="v"/>')).message).toBe(
      'Malformed XML at line 1, column 15: attribute "xmlns:a" repeated on <r>',
    );
  });
});

describe(assertSafeXml.name, () => {
  it('returns the text without parsing it', () => {
    expect(assertSafeXml('<not even xml')).toBe('<not even xml');
  });

  it.each(['<!DOCTYPE r>', '<!doctype r>', '<!ENTITY e "x">'])('refuses %j', (decl) => {
    expect(refusal(() => assertSafeXml(`${decl}<r/>`)).code).toBe(CapErrorCode.ForbiddenMarkup);
  });

  it('refuses a body over the limit', () => {
    expect(refusal(() => assertSafeXml('<r/>', { maxBytes: 3 })).message).toBe(
      'XML body of at least 4 bytes exceeds the limit of 3 bytes',
    );
  });
});
