import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PHOTOGRAPH_PROBLEM, preparePhotograph } from './photograph.ts';

// The photograph Lantern keeps: a JPEG no larger than 600 × 800, the right way up, with none of the
// camera's metadata. Images are made here with sharp, so the test needs no files.

const picture = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#3366aa' } });

describe('preparing a photograph', () => {
  it('strips the camera metadata (device, place, comments) and resizes to fit 600 × 800', async () => {
    const upload = await picture(1200, 1600)
      .withExif({ IFD0: { Make: 'PhoneCo', Model: 'Tracker 9', Copyright: 'Kent placement 14 Acacia Road' } })
      .jpeg()
      .toBuffer();
    expect((await sharp(upload).metadata()).exif).toBeDefined();
    const prepared = await preparePhotograph(upload);
    if (!prepared.ok) throw new Error(prepared.error);
    const kept = await sharp(prepared.value.image).metadata();
    expect(kept).toMatchObject({ format: 'jpeg', width: 600, height: 800 });
    expect(kept.exif).toBeUndefined();
    expect(kept.icc).toBeUndefined();
    expect(kept.xmp).toBeUndefined();
    expect(Buffer.from(prepared.value.image).includes('Acacia')).toBe(false);
    expect({ width: prepared.value.width, height: prepared.value.height }).toEqual({ width: 600, height: 800 });
  });

  it('turns a photograph the right way up before forgetting its orientation', async () => {
    // Orientation 6: stored on its side, to be shown turned 90° clockwise.
    const upload = await picture(400, 300).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const prepared = await preparePhotograph(upload);
    if (!prepared.ok) throw new Error(prepared.error);
    const kept = await sharp(prepared.value.image).metadata();
    expect({ width: kept.width, height: kept.height, orientation: kept.orientation }).toEqual({ width: 300, height: 400, orientation: undefined });
  });

  it('takes a PNG, and keeps a small one at its size', async () => {
    const prepared = await preparePhotograph(await picture(120, 160).png().toBuffer());
    expect(prepared.ok && { width: prepared.value.width, height: prepared.value.height }).toEqual({ width: 120, height: 160 });
  });

  it('refuses what is not a photograph, with words to show a person', async () => {
    expect(await preparePhotograph(new TextEncoder().encode('<html>not an image</html>'))).toEqual({ ok: false, error: PHOTOGRAPH_PROBLEM });
    expect(await preparePhotograph(await picture(10, 10).gif().toBuffer())).toEqual({ ok: false, error: PHOTOGRAPH_PROBLEM });
    expect(await preparePhotograph(new Uint8Array())).toEqual({ ok: false, error: 'Choose a photograph to upload' });
  });

  it('refuses a damaged image without crashing', async () => {
    const whole = await picture(400, 400).jpeg().toBuffer();
    const prepared = await preparePhotograph(whole.subarray(0, whole.length / 2));
    expect(prepared.ok).toBe(false);
  });
});
