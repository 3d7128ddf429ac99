import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrabPack } from '../../services/philomena-service.ts';
import { printable } from '../pdf.ts';
import { grabPackPdf } from './grab-pack-pdf.ts';

// The grab pack read back as police would: its text by pdftotext, its first page as an image by
// pdftoppm (poppler-utils, installed by .ci/run), so the test sees what prints, not what was meant.

const run = promisify(execFile);
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'lantern-grab-pack-'));
});
afterAll(async () => rm(folder, { recursive: true, force: true }));

/** A photograph of one flat colour, so the test can find it on the page. */
const photograph = async () => ({
  image: new Uint8Array(
    await sharp({ create: { width: 300, height: 400, channels: 3, background: '#1d70b8' } })
      .jpeg()
      .toBuffer(),
  ),
  width: 300,
  height: 400,
  uploadedAt: '2025-06-01T10:00:00.000Z',
});

async function pack(overrides: Partial<GrabPack> = {}): Promise<GrabPack> {
  return {
    childId: 'a5c1a1a4-0000-4000-8000-000000000001',
    access: 'police',
    canChange: false,
    child: {
      givenNames: 'Nadia',
      familyName: 'Haddad',
      sex: 'F',
      dateOfBirthClaimed: '2009-04-12',
      dateOfBirthAssessed: null,
      dateOfBirthEstimate: null,
      nationality: 'SY',
      languages: ['ar'],
      interpreterNeeded: true,
    },
    aliases: [{ givenNames: 'نادية', familyName: null }],
    placementAuthorityName: 'Medway',
    profile: {
      childId: 'a5c1a1a4-0000-4000-8000-000000000001',
      physicalDescription: 'Slim, about 5 ft 4, short black hair, scar above the left eye',
      vulnerabilities: 'Trafficking concern; goes with older men who offer lifts',
      medicalNeeds: 'Asthma: carries a blue inhaler',
      associates: 'An older man known as T',
      locationsFrequented: 'Chatham bus station; the chicken shop on the High Street',
      phoneNumbers: '07700 900123',
      socialMedia: 'Snapchat: nadia_h09',
      transport: null,
      reviewedAt: '2025-06-01T10:00:00.000Z',
      reviewedBy: 'someone',
      reviewedByName: 'Sam Social Worker',
      reviewDue: false,
      version: 2,
    },
    photographUploadedAt: '2025-06-01T10:00:00.000Z',
    currentEpisode: {
      id: 'e0000000-0000-4000-8000-000000000001',
      startAt: '2025-06-15T20:00:00.000Z',
      policeForce: 'Kent Police',
      policeReference: 'KP-25-0612',
      policeRiskLevel: 'HIGH',
      partTwo: {
        episodeId: 'e0000000-0000-4000-8000-000000000001',
        childId: 'a5c1a1a4-0000-4000-8000-000000000001',
        clothing: 'Black puffer jacket, grey joggers, white trainers',
        lastSeenWhere: 'Chatham bus station',
        lastSeenAt: '2025-06-15T19:30:00.000Z',
        lastSeenWith: 'Two older boys',
        otherInformation: null,
        recordedAt: '2025-06-15T21:00:00.000Z',
        recordedBy: 'someone',
        version: 1,
      },
    },
    history: {
      episodes: 2,
      inLastYear: 2,
      longestHours: 30,
      items: [
        { episodeId: 'e0000000-0000-4000-8000-000000000001', startAt: '2025-06-15T20:00:00.000Z', endAt: null, hours: null, lastSeenLocation: 'Chatham' },
        {
          episodeId: 'e0000000-0000-4000-8000-000000000002',
          startAt: '2025-04-02T18:00:00.000Z',
          endAt: '2025-04-04T00:00:00.000Z',
          hours: 30,
          lastSeenLocation: 'Gillingham',
        },
      ],
    },
    photograph: await photograph(),
    preparedAt: '2025-06-15T22:00:00.000Z',
    ...overrides,
  };
}

/** The printed characters, sorted, spaces left out (the pack's text is Latin: code points are characters). */
const lettersOf = (text: string): string[] => Array.from(text.replace(/\s+/g, '')).sort();

/** What is in `all` and not in `some`, counting repeats. */
function difference(all: readonly string[], some: readonly string[]): string[] {
  const left = [...some];
  return all.filter((letter) => {
    const at = left.indexOf(letter);
    if (at === -1) return true;
    left.splice(at, 1);
    return false;
  });
}

async function readBack(pdf: Buffer, name: string) {
  const file = path.join(folder, `${name}.pdf`);
  await writeFile(file, pdf);
  const { stdout: text } = await run('pdftotext', ['-layout', file, '-']);
  await run('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', file, path.join(folder, name)]);
  const image = await readFile(path.join(folder, `${name}-1.png`));
  return { text, image };
}

describe('the grab pack PDF', () => {
  it('prints the profile, Part 2 and the missing history, marked OFFICIAL-SENSITIVE', async () => {
    const { text } = await readBack(await grabPackPdf(await pack()), 'full');
    const flat = text.replace(/\s+/g, ' ');
    for (const expected of [
      'Philomena Protocol grab pack',
      'Nadia Haddad',
      'Also known as ndyh',
      'Date of birth 12 April 2009',
      'Missing since 15 June 2025 at 9:00pm',
      'Police reference KP-25-0612',
      'Clothing worn Black puffer jacket, grey joggers, white trainers',
      'Where last seen Chatham bus station',
      'When last seen 15 June 2025 at 8:30pm',
      'Who they were last seen with Two older boys',
      'Physical description Slim, about 5 ft 4, short black hair, scar above the left eye',
      'Medical needs Asthma: carries a blue inhaler',
      'Transport and money Not recorded',
      'Missing history: 2 recorded, 2 in the last 12 months; longest 1 day 6 hours',
      'Missing 1 day 6 hours; last seen at Gillingham',
      'Profile last reviewed 1 June 2025 at 11:00am by Sam Social Worker',
    ])
      expect(flat).toContain(expected);
    // At the head and foot of the page, and across it: the diagonal text (which -nodiag leaves out) is the marking.
    expect(text.match(/OFFICIAL-SENSITIVE/g)?.length).toBe(2);
    const { stdout: straight } = await run('pdftotext', ['-nodiag', path.join(folder, 'full.pdf'), '-']);
    expect(lettersOf(text).length - lettersOf(straight).length).toBe('OFFICIAL-SENSITIVE'.length);
    expect(difference(lettersOf(text), lettersOf(straight))).toEqual(lettersOf('OFFICIAL-SENSITIVE'));
  });

  it('shows the photograph on the page', async () => {
    const { image } = await readBack(await grabPackPdf(await pack()), 'photo');
    const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
    // The photograph sits at the top right: 150 × 200 points from 50 points in, at 50 dpi.
    const scale = 50 / 72;
    const x = Math.round((info.width / scale - 50 - 75) * scale);
    const y = Math.round((50 + 100) * scale);
    const offset = (y * info.width + x) * info.channels;
    const [red = 0, green = 0, blue = 0] = data.subarray(offset, offset + 3);
    expect({ red: Math.abs(red - 0x1d) < 40, green: Math.abs(green - 0x70) < 40, blue: Math.abs(blue - 0xb8) < 40 }).toEqual({
      red: true,
      green: true,
      blue: true,
    });
  });

  it('says when there is no photograph and Part 2 is not yet completed', async () => {
    const full = await pack();
    const episode = full.currentEpisode === null ? null : { ...full.currentEpisode, partTwo: null };
    const { text } = await readBack(await grabPackPdf({ ...full, photograph: null, currentEpisode: episode }), 'bare');
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('No photograph');
    expect(flat).toContain('Part 2 has not been completed yet');
  });

  it('runs onto more pages for long answers, marking every one', async () => {
    const full = await pack();
    if (full.profile === null) throw new Error('The pack has a profile');
    const long = 'Seen at the station most evenings with a group of older men. '.repeat(30);
    const profile = { ...full.profile, vulnerabilities: long, associates: long, locationsFrequented: long };
    const file = path.join(folder, 'long.pdf');
    await writeFile(file, await grabPackPdf({ ...full, profile }));
    const { stdout: info } = await run('pdfinfo', [file]);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThan(1);
    for (let page = 1; page <= pages; page += 1) {
      const { stdout } = await run('pdftotext', ['-f', String(page), '-l', String(page), file, '-']);
      expect(stdout).toContain('OFFICIAL-SENSITIVE');
    }
  });
});

describe('text the PDF can print', () => {
  it('keeps Latin text, accents and typographic quotes as they are, and transliterates other scripts', () => {
    expect(printable('Zoë O’Brien – “Z”')).toBe('Zoë O’Brien – “Z”');
    expect(printable('نادية')).toBe('ndyh');
  });
});
