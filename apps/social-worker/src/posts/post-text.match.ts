import { createHash } from 'node:crypto';

const URL = /https?:\/\/\S+/g;
const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/**
 * A post's text as it can be recognised on the timeline: X returns it with
 * links shortened to t.co, a link to the attached photo appended and &, <, >
 * escaped, so links are dropped, entities decoded and spaces collapsed.
 */
export function comparableText(text: string): string {
  return text
    .replace(/&(amp|lt|gt);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(URL, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What the posts table keeps of a text (it names the child: only a hash). */
export function textSha256(text: string): string {
  return createHash('sha256').update(comparableText(text), 'utf8').digest('hex');
}
