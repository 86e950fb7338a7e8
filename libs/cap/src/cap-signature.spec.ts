import { makeSigningIdentity, type SigningIdentity } from '../../../test/partners/support/signing-identity';
import { childAbductionCap } from '../../../test/cap/child-abduction-cap.factory';
import { buildCapXml } from './cap-xml.builder';
import { validateCap } from './cap-schema.validator';
import { parseCap } from './cap-xml.parser';
import { certificateFingerprint, signCapXml, verifyCapSignature } from './cap-signature';
import { withInfoLanguages } from './partner-texts';

describe('CAP signatures', () => {
  let ours: SigningIdentity;
  let theirs: SigningIdentity;

  beforeAll(() => {
    ours = makeSigningIdentity('alerts.gr.test');
    theirs = makeSigningIdentity('alerts.bg.test');
  });
  afterAll(() => {
    ours.remove();
    theirs.remove();
  });

  it('signs the whole document, stays valid CAP 1.2, and verifies only with the signer certificate', async () => {
    const xml = buildCapXml(childAbductionCap());
    const signed = signCapXml(xml, ours);
    expect(signed).toContain('<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">');
    expect(signed).toContain('<X509Certificate>');
    expect(await validateCap(signed)).toEqual({ valid: true });
    expect(parseCap(signed).hasSignature).toBe(true);
    expect(verifyCapSignature(signed, ours.certificatePem)).toEqual({ valid: true });
    expect(verifyCapSignature(signed, theirs.certificatePem)).toMatchObject({ valid: false });
  });

  it('refuses a changed byte of content, an unsigned document and a DOCTYPE', () => {
    const signed = signCapXml(buildCapXml(childAbductionCap()), ours);
    const tampered = signed.replace('<urgency>Immediate</urgency>', '<urgency>Expected</urgency>');
    expect(tampered).not.toBe(signed);
    expect(verifyCapSignature(tampered, ours.certificatePem)).toEqual({
      valid: false,
      reason: 'the signature does not verify',
    });
    expect(verifyCapSignature(buildCapXml(childAbductionCap()), ours.certificatePem)).toEqual({
      valid: false,
      reason: 'the message carries no XML Signature',
    });
    const withEntity = signed.replace(
      '<alert',
      '<!DOCTYPE alert [<!ENTITY x SYSTEM "file:///etc/passwd">]><alert',
    );
    expect(() => verifyCapSignature(withEntity, ours.certificatePem)).toThrow(/DOCTYPE/);
  });

  it('fingerprints certificates', () => {
    expect(certificateFingerprint(ours.certificatePem)).toMatch(/^[0-9a-f]{64}$/);
    expect(() => certificateFingerprint('not a certificate')).toThrow();
  });

  it('adds an info block per partner language with reviewed-or-drafted templates, still valid CAP', async () => {
    const message = childAbductionCap({ languages: ['el'] });
    const localised = withInfoLanguages(message, ['bg', 'en', 'el']);
    expect(localised.infos.map((i) => i.language)).toEqual(['el', 'bg', 'en']);
    const bg = localised.infos[1];
    expect(bg.event).toBe('Отвличане на дете');
    expect(bg.headline).toContain('Изчезнало дете: ');
    expect(bg.headline).toContain(message.infos[0].headline);
    expect(bg.description).toContain(message.infos[0].description);
    expect(bg.instruction).toContain('116 000');
    expect(await validateCap(buildCapXml(localised))).toEqual({ valid: true });
  });
});
