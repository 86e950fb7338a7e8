import { X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { XMLDSIG_NAMESPACE } from './cap.types';
import { assertSafeXml, type XmlLimits } from './safe-xml.reader';

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

/** Our signing identity: an RSA private key and its X.509 certificate, both PEM. */
export interface CapSigningKey {
  privateKeyPem: string;
  certificatePem: string;
}

export type SignatureCheck = { valid: true } | { valid: false; reason: string };

/**
 * Signs a whole CAP document with an enveloped XML Signature: RSA-SHA256,
 * exclusive canonicalisation, one reference to the whole document (URI ""),
 * the certificate in KeyInfo. The signature goes last in <alert>, where the
 * CAP 1.2 schema admits xmldsig elements. Sign last: the returned bytes are
 * final and must travel unchanged (any re-serialisation breaks them).
 */
export function signCapXml(xml: string, key: CapSigningKey): string {
  const signer = new SignedXml({
    privateKey: key.privateKeyPem,
    publicCert: key.certificatePem,
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
  });
  signer.addReference({
    xpath: '/*',
    uri: '',
    isEmptyUri: true,
    transforms: [ENVELOPED, EXC_C14N],
    digestAlgorithm: SHA256,
  });
  signer.computeSignature(xml, { location: { reference: '/*', action: 'append' } });
  return signer.getSignedXml();
}

/**
 * Checks that a document is signed as a whole by the holder of `certificatePem`
 * (the partner's registered certificate; a certificate inside the message is
 * never trusted). The bytes pass the safe reader's guards (no DOCTYPE, no
 * entities, size and depth limits) before xmldom ever sees them.
 */
export function verifyCapSignature(xml: string, certificatePem: string, limits?: XmlLimits): SignatureCheck {
  assertSafeXml(xml, limits);
  const errors: string[] = [];
  const document = new DOMParser({
    errorHandler: (level: string, message: unknown) => {
      if (level !== 'warning') errors.push(String(message));
    },
  }).parseFromString(xml, 'application/xml');
  if (errors.length > 0) return { valid: false, reason: `not well-formed XML: ${errors[0]}` };
  const root = document.documentElement;
  if (!root) return { valid: false, reason: 'no root element' };
  const signatures = Array.from(root.childNodes as unknown as ArrayLike<Element>).filter(
    (node) =>
      node.nodeType === 1 && node.localName === 'Signature' && node.namespaceURI === XMLDSIG_NAMESPACE,
  );
  if (signatures.length === 0) return { valid: false, reason: 'the message carries no XML Signature' };
  if (signatures.length > 1) return { valid: false, reason: 'the message carries more than one signature' };
  let publicKey: string;
  try {
    publicKey = new X509Certificate(certificatePem).publicKey
      .export({ type: 'spki', format: 'pem' })
      .toString();
  } catch (error) {
    return { valid: false, reason: `the registered certificate cannot be read: ${(error as Error).message}` };
  }
  const verifier = new SignedXml({
    publicCert: publicKey,
    // Only the registered certificate counts, never one the message brings.
    getCertFromKeyInfo: () => null,
  });
  try {
    verifier.loadSignature(signatures[0]);
    const references = verifier.getReferences();
    if (references.length !== 1 || references[0].uri !== '')
      return { valid: false, reason: 'the signature must cover the whole document (one reference, URI "")' };
    if (verifier.signatureAlgorithm !== RSA_SHA256)
      return {
        valid: false,
        reason: `signature algorithm must be RSA-SHA256, not ${verifier.signatureAlgorithm}`,
      };
    if (!verifier.checkSignature(xml)) return { valid: false, reason: 'the signature does not verify' };
  } catch (error) {
    return { valid: false, reason: `the signature does not verify: ${(error as Error).message}` };
  }
  return { valid: true };
}

/** SHA-256 fingerprint (hex, lower case) of a PEM certificate; throws when it is not one. */
export function certificateFingerprint(certificatePem: string): string {
  return new X509Certificate(certificatePem).fingerprint256.replace(/:/g, '').toLowerCase();
}
