import { describe, expect, it } from 'vitest';
import { collectionYear, incompleteYearNotice, yearProgress } from './collection-year.ts';

const YEAR_2025 = collectionYear(2025); // 1 April 2024 to 31 March 2025

describe('yearProgress', () => {
  it('should call a year ended only from the day after 31 March', () => {
    expect(yearProgress(YEAR_2025, '2025-03-31')).toBe('under_way');
    expect(yearProgress(YEAR_2025, '2025-04-01')).toBe('ended');
  });

  it('should call a year not started until 1 April', () => {
    expect(yearProgress(YEAR_2025, '2024-03-31')).toBe('not_started');
    expect(yearProgress(YEAR_2025, '2024-04-01')).toBe('under_way');
  });
});

describe('incompleteYearNotice', () => {
  it('should say the files are not a complete return, and as of which day', () => {
    expect(incompleteYearNotice(YEAR_2025, 'under_way', '2025-01-10')).toBe(
      'These files are not a complete return. The 2024-25 collection year has not ended (it runs to 31 March 2025): they show it as it stood on 10 January 2025',
    );
  });
});
