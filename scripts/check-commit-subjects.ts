// Checks the subject line of every commit on main since SINCE: at most 72 characters, in the imperative mood
// ("Add", not "Added", "Adds" or "Adding"), with no prefix and no full stop at the end. .ci/run runs it, and so
// can you before landing: `npm run check:commits` checks your branch's commits too.
// Older history cannot change, so the check starts at the commit that was main's head when it was introduced.

import { execFileSync } from 'node:child_process';

/** main's head when the check was introduced. */
const SINCE = '044017235fa82c7ab400fea669f0d54e119bed30';

/**
 * Commits already on main whose subjects the check refuses, with why each is let through: history cannot be
 * rewritten, so one that slipped in is listed here rather than failing every run after it.
 */
const LET_THROUGH: ReadonlyMap<string, string> = new Map([
  ['55d3d6cf53842f7edf5c931a1e3bef89a8f64435', '73 characters, landed as the check was being written'],
  ['e3aba361e641fe81eac07e9dbce93d57bafa32f1', '84 characters, landed as the check was being written'],
  ['45bea16dd148bd9486deef2c4297ebcd0f5debc3', '80 characters, landed as the check was being written'],
  ['5757133133c9826f2f633e7863f9ba3ed71faf44', '75 characters, landed as the check was being written'],
  ['c44b590d41b48d6c3d4ac5191f8a21c2c823efea', '73 characters, landed by mistake past the check; main is never rewritten'],
  ['115d3e72c87c46f7841b471628aa0053c7891aa5', '73 characters, landed by mistake past the check; main is never rewritten'],
]);

const MAX_LENGTH = 72;

// Words ending as a past tense, a gerund or a third person would, that are imperatives all the same.
const IMPERATIVES_ENDING_ED = new Set(['embed', 'shed']);
const IMPERATIVES_ENDING_ING = new Set(['bring', 'cling', 'fling', 'ring', 'sing', 'spring', 'sting', 'string', 'swing', 'wring']);
/** Words that cannot start an imperative subject. */
const NOT_VERBS = new Set(['a', 'an', 'the', 'this', 'that', 'these', 'is', 'are', 'was', 'were', 'has']);

/** What is wrong with a commit subject, in words; none when it is fine. */
export function subjectProblems(subject: string): string[] {
  const problems: string[] = [];
  if (subject.trim() === '') return ['it is empty'];
  if (subject.length > MAX_LENGTH) problems.push(`it is ${subject.length} characters long; the most is ${MAX_LENGTH}`);
  if (subject.endsWith('.')) problems.push('it ends with a full stop');
  if (/^(\[[^\]]*\]|[\w-]+(\([^)]*\))?!?:)\s/.test(subject)) problems.push('it has a prefix ("feat:", "[x]"): say what the commit does, no more');
  const first = (/^[A-Za-z]+/.exec(subject)?.[0] ?? '').toLowerCase();
  const notImperative =
    NOT_VERBS.has(first) ||
    (first.endsWith('ed') && !first.endsWith('eed') && !IMPERATIVES_ENDING_ED.has(first)) ||
    (first.endsWith('ing') && !IMPERATIVES_ENDING_ING.has(first)) ||
    (/[^s]s$/.test(first) && !/(us|is|as|ys)$/.test(first));
  if (notImperative) problems.push(`"${first}" does not start it in the imperative mood: write it as an instruction ("Add", not "Added" or "Adds")`);
  return problems;
}

function git(...args: string[]): string {
  return execFileSync('git', args, { encoding: 'utf8' });
}

function main(): void {
  let range = `${SINCE}..HEAD`;
  try {
    git('cat-file', '-e', `${SINCE}^{commit}`);
  } catch {
    // A shallow clone may not reach so far back: check the commits it has.
    console.log(`The starting commit ${SINCE.slice(0, 7)} is not in this clone: checking every commit it has.`);
    range = 'HEAD';
  }
  const commits = git('log', '--format=%H%x09%s', range)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const tab = line.indexOf('\t');
      return { hash: line.slice(0, tab), subject: line.slice(tab + 1) };
    });
  let refused = 0;
  for (const { hash, subject } of commits) {
    const problems = subjectProblems(subject);
    if (problems.length === 0 || LET_THROUGH.has(hash)) continue;
    refused += 1;
    console.log(`${hash.slice(0, 10)} "${subject}": ${problems.join('; ')}`);
  }
  if (refused > 0) {
    console.log(
      `${refused} of ${commits.length} commit subjects break the rule. Before landing, reword yours (git rebase -i main); ` +
        'one already on main cannot change: list it in LET_THROUGH in scripts/check-commit-subjects.ts, saying why.',
    );
    process.exitCode = 1;
  } else {
    console.log(`${commits.length} commit subjects since ${SINCE.slice(0, 7)}: all at most ${MAX_LENGTH} characters, imperative, no full stop.`);
  }
}

if (import.meta.main) main();
