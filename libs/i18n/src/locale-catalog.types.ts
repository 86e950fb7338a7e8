import type { MessageKey } from './locales/en.locale';

/**
 * Who vouches for a catalogue. A text read by the public during an abduction
 * must not be a guess: machine-drafted catalogues stay `unreviewed` until a
 * named native speaker has read every key, and the preview shows that.
 */
export type LocaleReview =
  | { status: 'source'; author: string }
  | { status: 'reviewed'; reviewedBy: string; reviewedOn: string }
  | { status: 'unreviewed'; /** `machine`, or who drafted it. */ draftedBy: string };

export interface LocaleCatalog {
  /** ISO 639-1 code. */
  language: string;
  /** The language's own name, for pickers. */
  endonym: string;
  review: LocaleReview;
  /** Missing keys fall back to English. */
  messages: Readonly<Partial<Record<MessageKey, string>>>;
}

export type MessageParams = Readonly<Record<string, string | number>>;
