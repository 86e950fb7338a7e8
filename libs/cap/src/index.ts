export * from './cap.types';
export * from './cap.errors';
export { formatCapDate, parseCapDate, formatAtomDate } from './cap-date.util';
export { buildCapXml, capReference } from './cap-xml.builder';
export {
  validateCap,
  validateCapBatch,
  buildValidCapXml,
  loadCapSchema,
  findCapSchemaPath,
  type CapValidationResult,
} from './cap-schema.validator';
export { parseCap } from './cap-xml.parser';
export {
  SafeXmlReader,
  assertSafeXml,
  DEFAULT_XML_LIMITS,
  type XmlLimits,
  type XmlElement,
  type XmlDocument,
} from './safe-xml.reader';
export {
  buildAtomFeed,
  ATOM_NAMESPACE,
  ATOM_MIME_TYPE,
  type AtomFeedInput,
  type AtomEntryInput,
  type AtomCategory,
  type AtomPerson,
} from './atom-feed.builder';
export {
  signCapXml,
  verifyCapSignature,
  certificateFingerprint,
  type CapSigningKey,
  type SignatureCheck,
} from './cap-signature';
export * from './partner-texts';
