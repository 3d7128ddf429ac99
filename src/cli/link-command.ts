import { readFile, writeFile } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { linkPeople } from '../domain/matching/link.ts';
import { formatProblem, pairColumns, pairRow, readPersonCsv } from '../domain/matching/person-csv.ts';
import type { MatchPerson } from '../domain/matching/person.ts';

// bin/lantern link LEFT.csv [RIGHT.csv] --out PAIRS.csv: links two person CSV files, or finds the
// duplicates within one, with the engine the service uses (src/domain/matching), estimating the
// model from the files themselves. Needs no database. The format is in docs/data-exchange.md.

function probabilityArgument(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 1)
    throw new InvalidArgumentError('Enter a probability from 0 to 1, for example 0.5.');
  return number;
}

async function readPeople(file: string): Promise<MatchPerson[] | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    console.error(
      code === 'ENOENT' ? `There is no file ${file}. Check the path.` : `Could not read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return null;
  }
  const people = readPersonCsv(text);
  if (!people.ok) {
    console.error(`${file} is not a person CSV file Lantern can read (nothing was written):`);
    for (const problem of people.error) console.error(`  ${formatProblem(problem)}`);
    return null;
  }
  return people.value;
}

export function registerLinkCommand(program: Command): void {
  program
    .command('link')
    .description('Link two person CSV files, or find the duplicates within one, writing left_id,right_id,match_probability')
    .argument('<left>', 'person CSV file')
    .argument('[right]', 'a second person CSV file; without it, LEFT is deduplicated')
    .requiredOption('--out <file>', 'where to write the pairs (CSV)')
    .option('--threshold <p>', 'write pairs at or above this probability', probabilityArgument, 0.5)
    .option('--explain', 'add each field’s level of agreement and weight (log2 Bayes factor)', false)
    .action(async (leftFile: string, rightFile: string | undefined, options: { out: string; threshold: number; explain: boolean }) => {
      const left = await readPeople(leftFile);
      const right = rightFile === undefined ? null : await readPeople(rightFile);
      if (left === null || (rightFile !== undefined && right === null)) {
        process.exitCode = 1;
        return;
      }
      const started = performance.now();
      const result = linkPeople(left, right, { threshold: options.threshold });
      const rows = result.pairs.map((pair) => pairRow(pair.left.id, pair.right.id, pair.scored, options.explain));
      await writeFile(options.out, stringify([pairColumns(options.explain), ...rows], { record_delimiter: 'windows' }));
      const expected = result.estimate === null ? '' : `, about ${Math.round(result.estimate.expectedMatches)} matches expected`;
      console.log(
        `${result.pairs.length} pair(s) at or above ${options.threshold} written to ${options.out} ` +
          `(${result.candidatePairs} candidate pairs compared${expected}; ${((performance.now() - started) / 1000).toFixed(1)} s).`,
      );
    });
}
