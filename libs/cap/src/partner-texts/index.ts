export type { CapFixedTexts } from './cap-fixed-texts.types';
export { CAP_FIXED_TEXTS, capFixedTextsOf } from './cap-fixed-texts';
export { withInfoLanguages } from './cap-languages';
