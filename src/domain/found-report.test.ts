import { describe, expect, it } from 'vitest';
import { buildEpisode } from '../../test/factories/child-record.ts';
import { closedMissingEpisode } from './child-record-entities.ts';
import { endingOfFoundReport, endReasonOfFinding, FINDING_AGENCIES } from './found-report.ts';

describe('endReasonOfFinding', () => {
  it('should end the episode as found by the police for a police report, and by someone else for any other agency', () => {
    expect(endReasonOfFinding('POLICE')).toBe('FOUND_POLICE');
    for (const agency of FINDING_AGENCIES.filter((each) => each !== 'POLICE')) expect(endReasonOfFinding(agency)).toBe('FOUND_OTHER');
  });
});

describe('endingOfFoundReport', () => {
  it('should close an open episode when the child was found, leaving what they disclosed unknown', () => {
    const open = buildEpisode({ startAt: '2025-06-14T20:00:00.000Z', endAt: null, endReason: null, harmDisclosed: null, exploitationDisclosed: null });
    const ending = endingOfFoundReport({ agency: 'HEALTH', foundAt: '2025-06-15T07:30:00Z' });
    expect(ending).toEqual({ endAt: '2025-06-15T07:30:00Z', endReason: 'FOUND_OTHER' });
    const closed = closedMissingEpisode(open, ending);
    expect(closed.ok && closed.value).toMatchObject({
      endAt: '2025-06-15T07:30:00.000Z',
      endReason: 'FOUND_OTHER',
      harmDisclosed: null,
      exploitationDisclosed: null,
      version: open.version + 1,
    });
  });

  it('should not close an episode that has already ended', () => {
    const ended = buildEpisode({ endAt: '2025-06-15T06:00:00.000Z' });
    const closed = closedMissingEpisode(ended, endingOfFoundReport({ agency: 'POLICE', foundAt: '2025-06-15T07:30:00Z' }));
    expect(closed.ok).toBe(false);
  });
});
