import type { LocaleCatalog, MessageParams } from './locale-catalog.types';
import { FALLBACK_LANGUAGE, LOCALE_CATALOGS } from './locale.registry';
import { EN_MESSAGES, type MessageKey } from './locales/en.locale';

const PLACEHOLDER = /\{(\w+)\}/g;

/** Languages with a catalogue of their own (others render in English). */
export const AVAILABLE_LANGUAGES: readonly string[] = Object.keys(LOCALE_CATALOGS);

export function catalogOf(language: string): LocaleCatalog | undefined {
  return LOCALE_CATALOGS[baseLanguage(language)];
}

/**
 * The fixed text `key` in `language`, placeholders filled from `params`.
 * Falls back to English for an unknown language or a key the language lacks;
 * a placeholder without a param stays visible as `{name}` so a gap shows in
 * the preview instead of vanishing.
 */
export function t(language: string, key: MessageKey, params: MessageParams = {}): string {
  const template =
    catalogOf(language)?.messages[key] ?? LOCALE_CATALOGS[FALLBACK_LANGUAGE].messages[key] ?? key;
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** Whether `key` is translated in `language` itself (not via the fallback). */
export function isTranslated(language: string, key: MessageKey): boolean {
  return catalogOf(language)?.messages[key] !== undefined;
}

/** Keys a catalogue still lacks, in English key order. */
export function missingKeys(language: string): MessageKey[] {
  const catalog = catalogOf(language);
  return (Object.keys(EN_MESSAGES) as MessageKey[]).filter((key) => catalog?.messages[key] === undefined);
}

/** `el-GR` → `el`: catalogues are per language, not per region. */
function baseLanguage(language: string): string {
  return language.toLowerCase().split(/[-_]/)[0] ?? language;
}

export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '').sort();
}
