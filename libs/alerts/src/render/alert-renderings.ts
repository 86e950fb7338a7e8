import type { AlertVersion } from '../model/alert.types';
import { renderEmail, type EmailRendering } from './email.renderer';
import { renderPush, type PushRendering } from './push.renderer';
import type { RenderContext } from './render-context';
import { renderSocial, type SocialRendering } from './social.renderer';

export interface LanguageRenderings {
  push: PushRendering;
  email: EmailRendering;
  social: SocialRendering;
}

/**
 * Every channel rendering of one version in each of its languages: what the
 * preview shows the operator before confirming (the CAP XML comes from
 * toCapMessage + buildValidCapXml). Pure: the same version renders the same.
 */
export function renderAll(version: AlertVersion, context: RenderContext): Record<string, LanguageRenderings> {
  return Object.fromEntries(
    version.content.languages.map((language) => [
      language,
      {
        push: renderPush(version, language, context),
        email: renderEmail(version, language, context),
        social: renderSocial(version, language, context),
      },
    ]),
  );
}
