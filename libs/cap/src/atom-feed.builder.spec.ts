import { validateXML } from 'xmllint-wasm';
import { childAbductionCap } from '../../../test/cap/child-abduction-cap.factory';
import { ATOM_NAMESPACE, buildAtomFeed, type AtomFeedInput } from './atom-feed.builder';
import { buildCapXml } from './cap-xml.builder';
import { parseCap } from './cap-xml.parser';
import { CapErrorCode, CapParseError } from './cap.errors';
import { CAP_NAMESPACE } from './cap.types';
import { SafeXmlReader } from './safe-xml.reader';

/** Stands in for a signed CAP document: odd but legal formatting a re-serialiser would change. */
function signedLookingCap(): string {
  return buildCapXml(childAbductionCap())
    .replace(
      '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">',
      "<alert   xmlns='urn:oasis:names:tc:emergency:cap:1.2' >",
    )
    .replace(
      '</alert>',
      '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignatureValue>\r\nAbC+/=\r\n</SignatureValue></Signature></alert>',
    );
}

function feed(entries: AtomFeedInput['entries']): AtomFeedInput {
  return {
    id: 'urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66',
    title: 'AMBER Alert Hellas — active alerts',
    updated: new Date('2026-11-23T15:10:00.123Z'),
    selfUrl: 'https://amber-alert.example.gr/feeds/alerts.atom?lang=el&x=1',
    entries,
  };
}

const entry = (over: Partial<AtomFeedInput['entries'][number]> = {}): AtomFeedInput['entries'][number] => ({
  id: 'urn:uuid:0b6f1c9e-4d7a-4f55-9a3e-2f7d1c3b8a10',
  title: 'AMBER ALERT: Νίκος, 8 — "Athens" <centre> & Жёлтый',
  updated: new Date('2026-11-23T15:04:05Z'),
  summary: 'Call 116 000 & 100 <now>',
  link: 'https://amber-alert.example.gr/alerts/0b6f1c9e?lang=el&v=1',
  capUrl: 'https://amber-alert.example.gr/feeds/alerts/0b6f1c9e.cap.xml',
  categories: [
    'Rescue',
    { term: 'Child Abduction', scheme: 'urn:childalert:event', label: "Child's abduction" },
  ],
  ...over,
});

describe(buildAtomFeed.name, () => {
  const sut = buildAtomFeed;

  it('writes a well-formed Atom 1.0 feed with escaped text and links', async () => {
    const xml = sut(feed([entry()]));

    const { root } = new SafeXmlReader().read(xml);
    expect(root).toMatchObject({ name: 'feed', ns: ATOM_NAMESPACE });
    expect(root.children.map((c) => c.name)).toEqual(['id', 'title', 'updated', 'link', 'author', 'entry']);
    expect(root.children[2].text).toBe('2026-11-23T15:10:00Z');
    expect(root.children[3].attrs).toEqual({
      rel: 'self',
      type: 'application/atom+xml',
      href: 'https://amber-alert.example.gr/feeds/alerts.atom?lang=el&x=1',
    });
    const e = root.children[5];
    expect(e.children.map((c) => c.name)).toEqual([
      'id',
      'title',
      'updated',
      'link',
      'link',
      'category',
      'category',
      'summary',
    ]);
    expect(e.children[1].text).toBe('AMBER ALERT: Νίκος, 8 — "Athens" <centre> & Жёлтый');
    expect(e.children[3].attrs).toEqual({
      rel: 'alternate',
      type: 'text/html',
      href: 'https://amber-alert.example.gr/alerts/0b6f1c9e?lang=el&v=1',
    });
    expect(e.children[4].attrs).toEqual({
      rel: 'alternate',
      type: 'application/cap+xml',
      href: 'https://amber-alert.example.gr/feeds/alerts/0b6f1c9e.cap.xml',
    });
    expect(e.children[6].attrs).toEqual({
      term: 'Child Abduction',
      scheme: 'urn:childalert:event',
      label: "Child's abduction",
    });
    expect(e.children[7].text).toBe('Call 116 000 & 100 <now>');
    // libxml2 agrees it is well-formed.
    await expect(validateXML({ xml, normalization: 'c14n' })).resolves.toMatchObject({ valid: true });
  });

  it('embeds the CAP root element byte for byte, dropping only the XML declaration', async () => {
    const cap = signedLookingCap();
    const capRoot = cap.slice(cap.indexOf('<alert'));

    const xml = sut(feed([entry({ embeddedCap: cap })]));

    expect(xml).toContain(`<content type="application/cap+xml">${capRoot.trimEnd()}</content>`);
    const { root, source } = new SafeXmlReader().read(xml);
    const content = root.children[5].children.find((c) => c.name === 'content')!;
    expect(content.children).toHaveLength(1);
    const embedded = content.children[0];
    expect(embedded).toMatchObject({ name: 'alert', ns: CAP_NAMESPACE });
    expect(source.slice(embedded.start, embedded.end)).toBe(capRoot.trimEnd());
    const { hasSignature, ...parsed } = parseCap(source.slice(embedded.start, embedded.end));
    expect(hasSignature).toBe(true);
    expect(parsed).toEqual(childAbductionCap());
    await expect(validateXML({ xml, normalization: 'c14n' })).resolves.toMatchObject({ valid: true });
  });

  it('writes an empty feed', () => {
    const { root } = new SafeXmlReader().read(sut(feed([])));

    expect(root.children.map((c) => c.name)).toEqual(['id', 'title', 'updated', 'link', 'author']);
  });

  it('refuses to embed something that is not a CAP alert', () => {
    const error = (() => {
      try {
        return sut(feed([entry({ embeddedCap: '<html xmlns="http://www.w3.org/1999/xhtml"/>' })]));
      } catch (e) {
        return e;
      }
    })();

    expect(error).toBeInstanceOf(CapParseError);
    expect((error as CapParseError).code).toBe(CapErrorCode.InvalidContent);
    expect((error as CapParseError).message).toBe(
      "Atom entry urn:uuid:0b6f1c9e-4d7a-4f55-9a3e-2f7d1c3b8a10: embeddedCap's root is <html>, not a CAP 1.2 <alert>",
    );
  });

  it('refuses to embed unsafe or malformed XML', () => {
    expect(() => sut(feed([entry({ embeddedCap: '<!DOCTYPE a><alert/>' })]))).toThrow(CapParseError);
    expect(() =>
      sut(feed([entry({ embeddedCap: '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">' })])),
    ).toThrow(CapParseError);
  });
});
