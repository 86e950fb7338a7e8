import type { LocaleCatalog } from './locale-catalog.types';
import { EL_MESSAGES } from './locales/el.locale';
import { EN_MESSAGES } from './locales/en.locale';

/**
 * The catalogues the system ships. To add one of the region's languages:
 * write `locales/<code>.locale.ts` (a Partial of the English keys), register
 * it here with its review status, and run the i18n spec: it names every key
 * still missing and every placeholder that does not match English.
 */
export const LOCALE_CATALOGS: Readonly<Record<string, LocaleCatalog>> = {
  en: {
    language: 'en',
    endonym: 'English',
    review: { status: 'source', author: 'childalert project' },
    messages: EN_MESSAGES,
  },
  el: {
    language: 'el',
    endonym: 'Ελληνικά',
    review: { status: 'unreviewed', draftedBy: 'machine' },
    messages: EL_MESSAGES,
  },
};

export const FALLBACK_LANGUAGE = 'en';
