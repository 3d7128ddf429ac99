import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPartOne, checkPartTwo, MAX_ANSWER_LENGTH, missingHistory, reviewDue, reviewDueBefore } from './philomena.ts';

const episode = { startAt: '2025-06-14T20:00:00.000Z', endAt: null };
const NOW = '2025-06-15T12:00:00.000Z';

describe('Part 1', () => {
  it('keeps the answers trimmed and leaves blank ones empty', () => {
    const checked = checkPartOne({ physicalDescription: '  Slim, 5 ft 4, scar above left eye ', associates: '   ', socialMedia: 'Snapchat: not known' });
    expect(checked).toEqual({
      ok: true,
      value: {
        physicalDescription: 'Slim, 5 ft 4, scar above left eye',
        vulnerabilities: null,
        medicalNeeds: null,
        associates: null,
        locationsFrequented: null,
        phoneNumbers: null,
        socialMedia: 'Snapchat: not known',
        transport: null,
      },
    });
  });

  it('needs a physical description and says what to enter', () => {
    const checked = checkPartOne({ physicalDescription: ' ' });
    expect(checked.ok).toBe(false);
    if (!checked.ok)
      expect(checked.error).toEqual([
        expect.objectContaining({ field: 'physicalDescription', message: expect.stringContaining('Enter a physical description') }),
      ]);
  });

  it('refuses an answer longer than the limit, naming the question', () => {
    const checked = checkPartOne({ physicalDescription: 'Tall', associates: 'x'.repeat(MAX_ANSWER_LENGTH + 1) });
    expect(checked).toEqual({ ok: false, error: [{ field: 'associates', message: 'Friends and associates must be 2,000 characters or fewer' }] });
  });

  it('accepts any answer within the limit as it is, trimmed', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: MAX_ANSWER_LENGTH }).filter((text) => text.trim() !== ''),
        (text) => {
          const checked = checkPartOne({ physicalDescription: text });
          expect(checked.ok && checked.value.physicalDescription).toBe(text.trim());
        },
      ),
    );
  });
});

describe('Part 2', () => {
  const answers = { clothing: 'Black puffer jacket, grey joggers', lastSeenWhere: 'Chatham bus station', lastSeenAt: '2025-06-14T19:30:00+01:00' };

  it('keeps the answers, with when last seen as an instant in UTC', () => {
    expect(checkPartTwo(answers, episode, NOW)).toEqual({
      ok: true,
      value: { ...answers, lastSeenAt: '2025-06-14T18:30:00.000Z', lastSeenWith: null, otherInformation: null },
    });
  });

  it('names every missing answer', () => {
    const checked = checkPartTwo({}, episode, NOW);
    expect(checked.ok ? [] : checked.error.map((problem) => problem.field)).toEqual(['clothing', 'lastSeenWhere', 'lastSeenAt']);
  });

  it('refuses a time last seen in the future, or after the child came back, or not a time at all', () => {
    const fields = (lastSeenAt: string, endAt: string | null) => {
      const checked = checkPartTwo({ ...answers, lastSeenAt }, { ...episode, endAt }, NOW);
      return checked.ok ? [] : checked.error.map((problem) => problem.message);
    };
    expect(fields('2025-06-15T13:00:00Z', null)).toEqual(['When last seen must be now or in the past']);
    expect(fields('2025-06-15T10:00:00Z', '2025-06-15T09:00:00Z')).toEqual(['When last seen must be before the child came back']);
    expect(fields('yesterday', null)).toEqual(['When last seen must be a real date and time']);
  });
});

describe('review', () => {
  it('is due 90 days after the last review, not before', () => {
    expect(reviewDue('2025-03-17T12:00:00.000Z', NOW)).toBe(true);
    expect(reviewDue('2025-03-17T12:00:01.000Z', NOW)).toBe(false);
    expect(reviewDueBefore(NOW)).toBe('2025-03-17T12:00:00.000Z');
  });
});

describe('missing history', () => {
  it('lists the episodes newest first, with how long each lasted, and counts the last 12 months', () => {
    const history = missingHistory(
      [
        { id: 'a', startAt: '2024-01-10T10:00:00Z', endAt: '2024-01-12T10:00:00Z', lastSeenLocation: 'Maidstone' },
        { id: 'c', startAt: '2025-06-14T20:00:00Z', endAt: null, lastSeenLocation: null },
        { id: 'b', startAt: '2025-05-01T10:00:00Z', endAt: '2025-05-01T16:30:00Z', lastSeenLocation: 'Gillingham' },
      ],
      NOW,
    );
    expect(history.items.map((item) => [item.episodeId, item.hours])).toEqual([
      ['c', null],
      ['b', 7],
      ['a', 48],
    ]);
    expect({ episodes: history.episodes, inLastYear: history.inLastYear, longestHours: history.longestHours }).toEqual({
      episodes: 3,
      inLastYear: 2,
      longestHours: 48,
    });
  });

  it('has no longest time for a child who has not come back from their only episode', () => {
    expect(missingHistory([{ id: 'c', ...episode, lastSeenLocation: null }], NOW).longestHours).toBeNull();
  });
});
