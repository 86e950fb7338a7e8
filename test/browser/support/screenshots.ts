// Screenshots of each screen under TEST_OUTPUT_DIR/browser, and checks on
// their pixels: what a person would look for (the photo is there, the bar is green).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';

export const SCREENSHOT_DIR = path.join(
  process.env.TEST_OUTPUT_DIR ?? path.join(__dirname, '..', '..', '..', 'test-output'),
  'browser',
);

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The share of a region's pixels within `tolerance` of `rgb`, from a screenshot of the element itself. */
export async function shareOfColour(
  element: Locator,
  rgb: [number, number, number],
  tolerance = 40,
): Promise<number> {
  const png = await element.screenshot();
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let matching = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    const distance =
      Math.abs(data[i] - rgb[0]) + Math.abs(data[i + 1] - rgb[1]) + Math.abs(data[i + 2] - rgb[2]);
    if (distance <= tolerance) matching++;
  }
  return matching / (info.width * info.height);
}

/** An <img> that loaded and decoded: a person sees a picture, not a broken icon. */
export async function imageShows(image: Locator): Promise<boolean> {
  return image.evaluate(async (img: HTMLImageElement) => {
    try {
      await img.decode();
    } catch {
      return false;
    }
    return img.naturalWidth > 0 && img.naturalHeight > 0;
  });
}
