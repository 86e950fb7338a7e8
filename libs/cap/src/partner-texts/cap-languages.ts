import type { CapInfoInput, CapMessageInput } from '../cap.types';
import { capFixedTextsOf } from './cap-fixed-texts';
import type { CapFixedTexts } from './cap-fixed-texts.types';

const OUTCOME_PARAMETER = 'childalert:outcome';

const baseLanguage = (language: string): string => language.toLowerCase().split('-')[0];

/**
 * The message with an info block in each of `languages`. Blocks the police
 * wrote are kept as they are; for a language they did not write in, a block is
 * added whose fixed texts (event, labels, instruction, the photo's
 * description, the texts of an ending) come from the repository's templates
 * and whose free text (headline, description, area) is passed on as the
 * police supplied it, with a note saying in which language. A language
 * without templates gets English fixed texts instead (added once).
 */
export function withInfoLanguages(message: CapMessageInput, languages: readonly string[]): CapMessageInput {
  if (message.infos.length === 0) return message;
  const present = new Set(message.infos.map((info) => baseLanguage(info.language)));
  const source = message.infos[0];
  const added: CapInfoInput[] = [];
  for (const wanted of languages) {
    const texts = capFixedTextsOf(wanted) ?? capFixedTextsOf('en')!;
    if (present.has(texts.language)) continue;
    present.add(texts.language);
    added.push(translatedInfo(message, source, texts));
  }
  return added.length === 0 ? message : { ...message, infos: [...message.infos, ...added] };
}

function translatedInfo(message: CapMessageInput, source: CapInfoInput, texts: CapFixedTexts): CapInfoInput {
  const exercise = message.status === 'Exercise' ? `${texts.exerciseLabel}: ` : '';
  const ending = source.responseType.includes('AllClear');
  const common = {
    ...source,
    language: texts.language,
    event: texts.event,
    resources: source.resources.map((resource) => ({ ...resource, resourceDesc: texts.photo })),
  };
  if (ending) {
    const outcome = source.parameters.find((p) => p.valueName === OUTCOME_PARAMETER)?.value;
    const [label, text] =
      outcome === 'found_safe'
        ? [texts.foundSafe, texts.foundSafeText]
        : outcome === 'cancelled' || message.msgType === 'Cancel'
          ? [texts.cancelled, texts.cancelledText]
          : [texts.ended, texts.endedText];
    return {
      ...common,
      headline: `${exercise}${label}`,
      description: text,
      instruction: texts.endedInstruction,
    };
  }
  const update = message.msgType === 'Update' ? `${texts.updateLabel}: ` : '';
  const note = texts.freeTextNote.replace('{languages}', source.language);
  return {
    ...common,
    headline: `${exercise}${update}${texts.missingChild}: ${source.headline ?? ''}`.trim().slice(0, 640),
    description: source.description ? `${note}\n\n${source.description}` : note,
    instruction: texts.instruction,
  };
}
