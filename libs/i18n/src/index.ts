export { EN_MESSAGES, type MessageKey } from './locales/en.locale';
export type { LocaleCatalog, LocaleReview, MessageParams } from './locale-catalog.types';
export { LOCALE_CATALOGS, FALLBACK_LANGUAGE } from './locale.registry';
export { t, isTranslated, missingKeys, catalogOf, placeholdersOf, AVAILABLE_LANGUAGES } from './translator';
