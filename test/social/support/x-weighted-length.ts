/**
 * X's weighted length (twitter-text v3 defaults), written here independently
 * of the worker's: a URL counts 23; code points in the light ranges count 1,
 * every other (emoji, CJK) 2.
 */
export function xWeightedLength(text: string): number {
  let length = 0;
  const rest = text.replace(/https?:\/\/\S+/g, () => {
    length += 23;
    return '';
  });
  for (const char of rest) {
    const code = char.codePointAt(0)!;
    const light =
      code <= 0x10ff ||
      (code >= 0x2000 && code <= 0x200d) ||
      (code >= 0x2010 && code <= 0x201f) ||
      (code >= 0x2032 && code <= 0x2037);
    length += light ? 1 : 2;
  }
  return length;
}
