import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runLantern } from '../../test/helpers/command-line.ts';
import type { CommandRun } from '../../test/helpers/command-line.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerLinkCommand } from './link-command.ts';

// bin/lantern link, run in-process: the pairs file, what it prints, and that bad input writes nothing.

let work: string;

function lantern(...args: string[]): Promise<CommandRun> {
  return runLantern(registerLinkCommand, args);
}

const HEADER = 'record_id,given_names,family_name,other_names,sex,date_of_birth,dob_estimated,nationality,postcode,address,identifier';
const file = (name: string) => path.join(work, name);

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'lantern-link-'));
  await writeFile(
    file('left.csv'),
    [
      HEADER,
      'a1,Tesfay,Haile,Tesfay Gebremedhin Haile,M,2008-03-14,false,ERI,,,',
      'a2,Lan,Nguyen,,F,2009-05-02,false,VNM,,,',
      'a3,Arben,Hoxha,,M,2007-11-30,false,ALB,,,',
    ].join('\n'),
  );
  await writeFile(
    file('right.csv'),
    [
      'record_id,given_names,family_name,sex,date_of_birth,nationality',
      'b1,Tesfaye,Gebremedhin,M,2008-03-14,ETH',
      'b2,Nguyễn Thị,Lan,F,2009-05-02,VNM',
      'b3,Omid,Karimi,M,2006-02-01,AFG',
    ].join('\n'),
  );
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('bin/lantern link', () => {
  it('links two files and writes left_id,right_id,match_probability', async () => {
    const result = await lantern('link', file('left.csv'), file('right.csv'), '--out', file('pairs.csv'));
    expect(result.exitCode).toBe(0);
    expect(result.out.join('\n')).toMatch(/^2 pair\(s\) at or above 0.5 written to /);
    const lines = (await readFile(file('pairs.csv'), 'utf8')).trim().split('\r\n');
    expect(lines[0]).toBe('left_id,right_id,match_probability');
    expect(
      lines
        .slice(1)
        .map((line) => line.split(',').slice(0, 2).join(','))
        .sort(),
    ).toEqual(['a1,b1', 'a2,b2']);
    for (const line of lines.slice(1)) expect(Number(line.split(',')[2])).toBeGreaterThanOrEqual(0.5);
  });

  it('explains each field’s level and weight', async () => {
    const result = await lantern('link', file('left.csv'), file('right.csv'), '--out', file('explained.csv'), '--threshold', '0', '--explain');
    expect(result.exitCode).toBe(0);
    const [header, ...rows] = (await readFile(file('explained.csv'), 'utf8')).trim().split('\r\n');
    expect(header?.split(',')).toEqual(expect.arrayContaining(['match_weight', 'name_level', 'name_weight', 'birth_level', 'nationality_weight']));
    const first = rows.find((row) => row.startsWith('a1,b1,'))?.split(',') ?? [];
    const column = (name: string) => first[header?.split(',').indexOf(name) ?? -1];
    expect(column('birth_level')).toBe('exact');
    expect(column('nationality_level')).toBe('confused');
    for (const row of rows) expect(row.split(',')).toHaveLength(header?.split(',').length ?? 0);
  });

  it('finds duplicates within one file', async () => {
    await writeFile(
      file('one.csv'),
      [HEADER, 'a1,Tesfay,Haile,,M,2008-03-14,false,ERI,,,', 'a2,Haile,Tesfaye,,M,2008-03-14,false,ERI,,,', 'a3,Lan,Nguyen,,F,2009-05-02,false,VNM,,,'].join(
        '\n',
      ),
    );
    const result = await lantern('link', file('one.csv'), '--out', file('dups.csv'));
    expect(result.exitCode).toBe(0);
    expect(
      (await readFile(file('dups.csv'), 'utf8'))
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',').slice(0, 2).join(',')),
    ).toEqual(['a1,a2']);
  });

  it('refuses a file with problems, naming each by line and column, and writes nothing', async () => {
    await writeFile(file('bad.csv'), [HEADER, 'a1,Tesfay,Haile,,X,2008-02-30,false,ERI,,,'].join('\n'));
    const result = await lantern('link', file('bad.csv'), '--out', file('never.csv'));
    expect(result.exitCode).toBe(1);
    expect(result.err).toEqual([
      `${file('bad.csv')} is not a person CSV file Lantern can read (nothing was written):`,
      '  line 2: sex: Enter M, F or U (or leave it blank), not "X"',
      '  line 2: date_of_birth: Enter a real date as YYYY-MM-DD (or leave it blank), not "2008-02-30"',
    ]);
    await expect(readFile(file('never.csv'))).rejects.toThrow();
  });

  it('says what to do about a missing file or a threshold that is not a probability', async () => {
    expect((await lantern('link', file('absent.csv'), '--out', file('never.csv'))).err).toEqual([`There is no file ${file('absent.csv')}. Check the path.`]);
    const threshold = await lantern('link', file('left.csv'), '--out', file('never.csv'), '--threshold', '1.5');
    expect(threshold.exitCode).not.toBe(0);
    expect(threshold.err.join('')).toContain('Enter a probability from 0 to 1');
  });
});
