/** Text helpers for the SVG layer of the image card (SVG has no line wrapping of its own). */

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Greedy word wrap at an estimated width: DejaVu Sans, the font the card
 * asks for, averages about 0.6 em a character (bold a little more), so a
 * line of `widthPx` holds about widthPx / (0.62 · fontSize) characters.
 * Beyond `maxLines` the last line ends with "…".
 */
export function wrap(text: string, widthPx: number, fontSize: number, maxLines: number): string[] {
  const perLine = Math.max(8, Math.floor(widthPx / (0.62 * fontSize)));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if ([...candidate].length <= perLine) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = [...word].length > perLine ? `${[...word].slice(0, perLine - 1).join('')}…` : word;
  }
  if (line !== '') lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = [...kept[maxLines - 1]];
  kept[maxLines - 1] = `${last.slice(0, Math.max(1, perLine - 1)).join('')}…`;
  return kept;
}

/** `<text>` lines from `y`, `lineHeight` apart. */
export function textLines(
  lines: readonly string[],
  options: {
    x: number;
    y: number;
    size: number;
    lineHeight: number;
    weight?: 'bold' | 'normal';
    fill: string;
  },
): string {
  return lines
    .map(
      (line, i) =>
        `<text x="${options.x}" y="${options.y + i * options.lineHeight}" font-size="${options.size}" ` +
        `font-weight="${options.weight ?? 'normal'}" fill="${options.fill}">${escapeXml(line)}</text>`,
    )
    .join('');
}
