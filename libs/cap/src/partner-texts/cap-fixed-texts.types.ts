/**
 * The fixed texts of a CAP info block in one language, for partners whose
 * language the police did not write in. Free text (description, circumstances,
 * area description) is never translated here: it is passed on in the
 * languages the police supplied.
 */
export interface CapFixedTexts {
  /** ISO 639-1. */
  language: string;
  /**
   * Who vouches for the texts. Texts read during an abduction must not be a
   * guess: a machine draft says so until a named native speaker reviewed it.
   */
  reviewedBy: string | null;
  draftedBy: string;
  event: string;
  /** Headline prefix before the headline as the police wrote it. */
  missingChild: string;
  updateLabel: string;
  exerciseLabel: string;
  instruction: string;
  photo: string;
  /** Says in which language the free text follows. `{languages}`: codes. */
  freeTextNote: string;
  foundSafe: string;
  foundSafeText: string;
  cancelled: string;
  cancelledText: string;
  ended: string;
  endedText: string;
  endedInstruction: string;
}
