import { createHash } from 'node:crypto';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { sniffImageType, type PhotoType } from './image-type.util';

/** Every processed image is a baseline JPEG: what every mail client, browser and broadcaster shows. */
export const PHOTO_MIME_TYPE = 'image/jpeg';

export const PHOTO_DERIVATIVES = {
  /** Web push / mobile notification icon. */
  push: { width: 192, height: 192 },
  /** Inline image of the e-mail (scaled to this width, never enlarged). */
  email: { width: 600 },
  /** Social card (X, Open Graph). */
  social: { width: 1200, height: 675 },
} as const;

/** The stored original is capped to this long edge: larger adds bytes, not recognisability. */
export const ORIGINAL_MAX_EDGE = 4096;
/** 50 megapixels: above every phone camera's default output, far below what exhausts memory. */
export const DEFAULT_MAX_PIXELS = 50_000_000;

export interface PhotoProcessingOptions {
  /** Refuse uploads larger than this (the configured photo size limit). */
  maxBytes: number;
  /** Refuse images declaring more pixels than this (decompression bombs). */
  maxPixels?: number;
  jpegQuality?: number;
}

export interface ProcessedImage {
  buffer: Buffer;
  mimeType: typeof PHOTO_MIME_TYPE;
  size: number;
  width: number;
  height: number;
  /** Lower-case hex: CAP `digest` is SHA-1. */
  sha1: string;
  /** Lower-case hex: for content addressing and integrity. */
  sha256: string;
}

export interface ProcessedPhoto {
  /** What the upload really was, by its content. */
  sourceType: PhotoType;
  /** Re-encoded, upright, without any metadata (no EXIF, GPS, XMP, IPTC, ICC). */
  original: ProcessedImage;
  push: ProcessedImage;
  email: ProcessedImage;
  social: ProcessedImage;
}

export const PHOTO_REJECTION_CODES = [
  'too_large',
  'unsupported_type',
  'type_mismatch',
  'too_many_pixels',
  'unreadable',
] as const;
export type PhotoRejectionCode = (typeof PHOTO_REJECTION_CODES)[number];

export type PhotoResult =
  { ok: true; photo: ProcessedPhoto } | { ok: false; code: PhotoRejectionCode; message: string };

/**
 * Checks an uploaded photo by its content and produces what is stored: a
 * re-encoded original and the channel derivatives, all turned upright by
 * EXIF orientation and then stripped of every metadata block (a phone photo
 * carries the GPS position of the family's home). Re-encoding also drops
 * anything appended after the image data (polyglot files).
 */
export async function processPhoto(input: Buffer, options: PhotoProcessingOptions): Promise<PhotoResult> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (input.length > options.maxBytes) {
    return reject(
      'too_large',
      `the photo is ${megabytes(input.length)}: at most ${megabytes(options.maxBytes)} is accepted`,
    );
  }
  const declared = sniffImageType(input);
  if (!declared)
    return reject(
      'unsupported_type',
      'the file is not a JPEG, PNG or WebP image (checked by its content, not its name)',
    );

  let metadata: Metadata;
  try {
    metadata = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    return reject(
      'unreadable',
      `the file starts like a ${declared.toUpperCase()} but cannot be read as an image`,
    );
  }
  if (metadata.format !== declared) {
    return reject(
      'type_mismatch',
      `the file starts like a ${declared.toUpperCase()} but decodes as ${metadata.format}`,
    );
  }
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  if (width * height > maxPixels) {
    return reject(
      'too_many_pixels',
      `the image is ${width}×${height} pixels: at most ${(maxPixels / 1e6).toFixed(0)} megapixels are accepted`,
    );
  }

  const quality = options.jpegQuality ?? 85;
  // limitInputPixels again: the header was read above, this guards the decoder itself.
  const base = sharp(input, { limitInputPixels: maxPixels, failOn: 'error', autoOrient: true }).flatten({
    background: '#ffffff',
  });
  try {
    const [original, push, email, social] = await Promise.all([
      encode(
        base.clone().resize({
          width: ORIGINAL_MAX_EDGE,
          height: ORIGINAL_MAX_EDGE,
          fit: 'inside',
          withoutEnlargement: true,
        }),
        quality,
      ),
      encode(
        base.clone().resize({ ...PHOTO_DERIVATIVES.push, fit: 'cover', position: sharp.strategy.attention }),
        quality,
      ),
      encode(
        base.clone().resize({ width: PHOTO_DERIVATIVES.email.width, withoutEnlargement: true }),
        quality,
      ),
      // Contain, not cover: a card must never crop the child's face away.
      encode(
        base.clone().resize({ ...PHOTO_DERIVATIVES.social, fit: 'contain', background: '#111111' }),
        quality,
      ),
    ]);
    return { ok: true, photo: { sourceType: declared, original, push, email, social } };
  } catch (error) {
    return reject('unreadable', `the image data is damaged: ${(error as Error).message}`);
  }
}

async function encode(pipeline: Sharp, quality: number): Promise<ProcessedImage> {
  // No keepMetadata/withMetadata: sharp writes none of the input's metadata.
  const { data, info } = await pipeline
    .jpeg({ quality, progressive: true, chromaSubsampling: '4:2:0' })
    .toBuffer({ resolveWithObject: true });
  return {
    buffer: data,
    mimeType: PHOTO_MIME_TYPE,
    size: data.length,
    width: info.width,
    height: info.height,
    sha1: createHash('sha1').update(data).digest('hex'),
    sha256: createHash('sha256').update(data).digest('hex'),
  };
}

function reject(code: PhotoRejectionCode, message: string): PhotoResult {
  return { ok: false, code, message };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}
