/** Why libs/cap refused something; stable strings, safe to log and to map to HTTP. */
export enum CapErrorCode {
  /** A message we were asked to build is not valid CAP 1.2 (XSD or CAP rule). */
  InvalidMessage = 'CAP_INVALID_MESSAGE',
  /** The body is larger than the configured limit. Map to 413. */
  BodyTooLarge = 'CAP_BODY_TOO_LARGE',
  /** A DOCTYPE or ENTITY declaration: external entities and entity expansion are refused outright. */
  ForbiddenMarkup = 'CAP_FORBIDDEN_MARKUP',
  /** Elements nested deeper than the configured limit. */
  TooDeep = 'CAP_TOO_DEEP',
  /** More elements, or more attributes on one element, than the configured limits. */
  TooComplex = 'CAP_TOO_COMPLEX',
  /** Not well-formed XML (or not UTF-8). */
  MalformedXml = 'CAP_MALFORMED_XML',
  /** Well-formed XML, but not a CAP 1.2 alert, or a value CAP does not allow. */
  InvalidContent = 'CAP_INVALID_CONTENT',
}

export abstract class CapError extends Error {
  abstract readonly code: CapErrorCode;
}

/** Inbound XML refused: unsafe, malformed or not CAP 1.2. The message says what and where. */
export class CapParseError extends CapError {
  override readonly name = 'CapParseError';

  constructor(
    readonly code: CapErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A message refused on the way out; `errors` name the failing elements. */
export class CapValidationError extends CapError {
  override readonly name = 'CapValidationError';
  readonly code = CapErrorCode.InvalidMessage;

  constructor(
    readonly errors: readonly string[],
    identifier?: string,
  ) {
    super(
      `CAP message${identifier === undefined ? '' : ` ${identifier}`} is not valid CAP 1.2: ${errors.join('; ')}`,
    );
  }
}
