// A small automated accessibility check of the page as the browser laid it
// out (no axe: not needed for these three rules, and nothing to download):
// - every visible form control has an accessible name (label, aria-label(ledby), title; a button its text);
// - every <img> has an alt attribute (empty for decorative ones);
// - every visible text meets WCAG 2.1 AA contrast with what is behind it:
//   4.5:1, or 3:1 for large text (≥ 24 px, or ≥ 18.66 px bold), from getComputedStyle.
// Disabled controls and SVG text are out of scope (WCAG 1.4.3 exempts inactive controls).
import type { Page } from 'playwright-core';

export interface AccessibilityProblem {
  rule: 'name' | 'alt' | 'contrast';
  element: string;
  detail: string;
}

/** Runs in the page: must not close over anything. */
function auditPage(): AccessibilityProblem[] {
  const problems: AccessibilityProblem[] = [];
  const describe = (el: Element): string => {
    const id = el.id ? `#${el.id}` : '';
    const name = el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : '';
    const cls =
      typeof el.className === 'string' && el.className
        ? `.${el.className.trim().split(/\s+/).join('.')}`
        : '';
    return `${el.tagName.toLowerCase()}${id}${name}${cls}`;
  };
  const visible = (el: Element): boolean => {
    if (el.getClientRects().length === 0) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0;
  };
  const textOf = (el: Element | null): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

  // 1. Accessible names of form controls.
  const controls = document.querySelectorAll<HTMLElement>(
    'input:not([type=hidden]), select, textarea, button, [role=button], [role=checkbox], [role=radio]',
  );
  for (const control of Array.from(controls)) {
    if (!visible(control)) continue;
    let name = control.getAttribute('aria-label')?.trim() ?? '';
    const labelledBy = control.getAttribute('aria-labelledby');
    if (!name && labelledBy)
      name = labelledBy
        .split(/\s+/)
        .map((id: string) => textOf(document.getElementById(id)))
        .join(' ')
        .trim();
    const labels = (control as HTMLInputElement).labels;
    if (!name && labels) name = Array.from(labels).map(textOf).join(' ').trim();
    if (!name && (control.tagName === 'BUTTON' || control.getAttribute('role') === 'button'))
      name = textOf(control);
    if (!name && control instanceof HTMLInputElement && ['submit', 'button', 'reset'].includes(control.type))
      name = control.value.trim();
    if (!name) name = control.getAttribute('title')?.trim() ?? '';
    if (!name) problems.push({ rule: 'name', element: describe(control), detail: 'no accessible name' });
  }

  // 2. Alternative text of images.
  for (const img of Array.from(document.querySelectorAll('img, input[type=image]'))) {
    if (!img.hasAttribute('alt'))
      problems.push({
        rule: 'alt',
        element: describe(img),
        detail: `no alt (${img.getAttribute('src')?.slice(0, 60)})`,
      });
  }

  // 3. Contrast of every visible text against its composited background.
  type Rgba = [number, number, number, number];
  const parse = (value: string): Rgba | undefined => {
    const m = /rgba?\(([^)]+)\)/.exec(value);
    if (!m) return undefined;
    const parts = m[1]
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  };
  const over = (top: Rgba, bottom: Rgba): Rgba => {
    const a = top[3];
    return [
      top[0] * a + bottom[0] * (1 - a),
      top[1] * a + bottom[1] * (1 - a),
      top[2] * a + bottom[2] * (1 - a),
      1,
    ];
  };
  const luminance = (c: Rgba): number => {
    const channel = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
  };
  /** Background layers from the element up to the first opaque one, over white. */
  const backgroundOf = (el: Element): Rgba | 'image' => {
    const layers: Rgba[] = [];
    for (let node: Element | null = el; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.backgroundImage !== 'none') return 'image';
      const colour = parse(style.backgroundColor);
      if (colour && colour[3] > 0) {
        layers.push(colour);
        if (colour[3] >= 1) break;
      }
    }
    let result: Rgba = [255, 255, 255, 1];
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const seen = new Set<Element>();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || seen.has(el) || !(node.textContent ?? '').trim()) continue;
    seen.add(el);
    if (el.closest('svg, option, select, script, style, noscript, :disabled, [aria-hidden=true]')) continue;
    if (!visible(el)) continue;
    const style = getComputedStyle(el);
    const background = backgroundOf(el);
    if (background === 'image') continue;
    const fg = parse(style.color);
    if (!fg) continue;
    const text = over(fg, background);
    const [l1, l2] = [luminance(text), luminance(background)].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(style.fontSize);
    const bold = Number(style.fontWeight) >= 700;
    const needed = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
    if (ratio < needed)
      problems.push({
        rule: 'contrast',
        element: describe(el),
        detail: `${ratio.toFixed(2)}:1 < ${needed}:1 (${style.color} on rgb(${background
          .slice(0, 3)
          .map(Math.round)
          .join(',')})) "${textOf(el).slice(0, 40)}"`,
      });
  }
  return problems;
}

export async function accessibilityProblems(page: Page): Promise<AccessibilityProblem[]> {
  return page.evaluate(auditPage);
}

/** Throws with every problem found, named by element, so the failure says what to fix. */
export async function assertAccessible(page: Page, screen: string): Promise<void> {
  const problems = await accessibilityProblems(page);
  if (problems.length > 0)
    throw new Error(
      `${screen}: ${problems.length} accessibility problem(s):\n` +
        problems.map((p) => `  [${p.rule}] ${p.element}: ${p.detail}`).join('\n'),
    );
}
