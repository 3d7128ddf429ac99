import sharp from 'sharp';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';

// A Philomena profile's photograph (ADR 22): whatever is uploaded is decoded as an image, turned the right
// way up, made no larger than police need, and encoded again as a JPEG that carries no metadata (no
// location, device or date from the camera). The bytes uploaded are never stored.

/** The largest upload taken: a phone's photograph, not a video. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Kept at most this size: sharp on screen and on a printed A4 page, small enough to send. */
const MAX_WIDTH = 600;
const MAX_HEIGHT = 800;
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'heif']);
/** Refuses decompression bombs: an image that claims more pixels than a 50-megapixel camera makes. */
const MAX_INPUT_PIXELS = 50_000_000;

export interface PreparedPhotograph {
  readonly image: Uint8Array;
  readonly width: number;
  readonly height: number;
}

export const PHOTOGRAPH_PROBLEM = 'The photograph must be a JPEG, PNG, WebP or HEIC image';

/** The photograph as Lantern keeps it, or what is wrong with the upload, in words to show a person. */
export async function preparePhotograph(upload: Uint8Array): Promise<Result<PreparedPhotograph, string>> {
  if (upload.byteLength === 0) return fail('Choose a photograph to upload');
  if (upload.byteLength > MAX_UPLOAD_BYTES) return fail('The photograph must be smaller than 10 MB');
  let format: string;
  try {
    format = (await sharp(upload, { limitInputPixels: MAX_INPUT_PIXELS }).metadata()).format;
  } catch {
    return fail(PHOTOGRAPH_PROBLEM);
  }
  if (!ACCEPTED_FORMATS.has(format)) return fail(PHOTOGRAPH_PROBLEM);
  try {
    // sharp writes no metadata unless asked (keepMetadata/withMetadata): EXIF, GPS, XMP and ICC are all left behind.
    const { data, info } = await sharp(upload, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize(MAX_WIDTH, MAX_HEIGHT, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return ok({ image: new Uint8Array(data), width: info.width, height: info.height });
  } catch {
    return fail('The photograph could not be read: it may be damaged. Try another copy of it');
  }
}
