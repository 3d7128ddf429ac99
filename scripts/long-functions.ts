// Reports the functions longer than a limit (80 lines unless `--over N`), counting each function's own lines:
// lines of code (not blank, not only a comment) it spans that no function nested in it touches, so a service
// factory is not charged for its methods, nor a method for its callbacks. `npm run check:functions`
// reports on src/; give folders or files to look elsewhere (`npm run check:functions -- --over 60 src test`).
// It only reports (exit status 0): the count is a figure to bring down, not yet a gate.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import ts from 'typescript';

export interface FunctionLength {
  readonly name: string;
  /** The line the function starts on, from 1. */
  readonly line: number;
  readonly ownLines: number;
}

function nameOf(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isAccessor(node) || ts.isFunctionExpression(node)) && node.name !== undefined) {
    return node.name.getText();
  }
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const { parent } = node;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return parent.name.getText();
  }
  return '(anonymous)';
}

/** Every function in a TypeScript source, outer ones before those nested in them, with its own lines. */
export function functionLengths(fileName: string, text: string): FunctionLength[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const functions: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) functions.push(node);
    ts.forEachChild(node, visit);
  };
  visit(source);

  // Blank lines and lines holding only a comment do not count.
  const isCode = text.split('\n').map((line) => {
    const trimmed = line.trimStart();
    return !(trimmed === '' || trimmed.startsWith('//') || trimmed.startsWith('/*') || trimmed.startsWith('*'));
  });

  // Outer functions first, so that a nested function takes every line it touches from the one around it.
  const owner = new Array<number | null>(isCode.length).fill(null);
  functions.forEach((node, index) => {
    const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
    const last = source.getLineAndCharacterOfPosition(node.end).line;
    for (let line = first; line <= last; line += 1) if (isCode[line] === true) owner[line] = index;
  });
  const counts = new Array<number>(functions.length).fill(0);
  for (const index of owner) if (index !== null) counts[index] = (counts[index] ?? 0) + 1;

  return functions.map((node, index) => ({
    name: nameOf(node),
    line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
    ownLines: counts[index] ?? 0,
  }));
}

function main(): void {
  const { values, positionals } = parseArgs({ options: { over: { type: 'string', default: '80' } }, allowPositionals: true });
  const limit = Number(values.over);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`--over takes a whole number of lines, not "${values.over}"`);
  const paths = positionals.length > 0 ? positionals : ['src'];
  const files = execFileSync('git', ['ls-files', '--', ...paths], { encoding: 'utf8' })
    .split('\n')
    .filter((file) => file.endsWith('.ts'));
  const long = files
    .flatMap((file) => functionLengths(file, readFileSync(file, 'utf8')).map((length) => ({ file, ...length })))
    .filter((length) => length.ownLines > limit)
    .sort((a, b) => b.ownLines - a.ownLines || a.file.localeCompare(b.file) || a.line - b.line);
  for (const { file, line, name, ownLines } of long) console.log(`${String(ownLines).padStart(5)}  ${file}:${line}  ${name}`);
  console.log(`${long.length} function(s) over ${limit} own lines in ${files.length} file(s) under ${paths.join(', ')}`);
}

if (import.meta.main) main();
