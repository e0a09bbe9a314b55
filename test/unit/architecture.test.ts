/**
 * The shape of the code (docs/ARCHITECTURE.md), checked: argv is read in one
 * place, the loop and the commands name no step, casts stay few, and the
 * layers point one way (dependency-cruiser, run by `npm run lint`, has the
 * full rules; this file keeps the few that are not about imports).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { STEP_IDS } from '../../src/steps/index.js';

const SRC = path.resolve(import.meta.dirname, '../../src');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? files(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

const ALL = files(SRC);
const rel = (f: string) => path.relative(SRC, f);

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
}

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

describe('architecture', () => {
  it('no module of the project reads process.argv (bin/onboard.js hands it to main)', () => {
    const readers = ALL.filter((f) =>
      /process\.argv/.test(fs.readFileSync(f, 'utf8').replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')),
    );
    expect(readers.map(rel)).toEqual([]);
  });

  it('the wizard, the commands, the ui and the entry files name no step', () => {
    const places = ALL.filter(
      (f) => /^(wizard|commands|ui|program)\//.test(rel(f)) || /^(cli|program|boundary)\.ts$/.test(rel(f)),
    );
    const named: string[] = [];
    for (const file of places) {
      walk(parse(file), (n) => {
        if (ts.isStringLiteralLike(n) && STEP_IDS.includes(n.text)) named.push(`${rel(file)}: '${n.text}'`);
      });
    }
    expect(named).toEqual([]);
  });

  it('at most 20 type assertions (`as`, not counting `as const`) in src/', () => {
    const casts: string[] = [];
    for (const file of ALL) {
      const sf = parse(file);
      walk(sf, (n) => {
        if (
          ts.isAsExpression(n) &&
          !(ts.isTypeReferenceNode(n.type) && n.type.typeName.getText(sf) === 'const')
        ) {
          casts.push(
            `${rel(file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1} ${n.getText(sf).slice(0, 60)}`,
          );
        }
      });
    }
    expect(casts.length, casts.join('\n')).toBeLessThanOrEqual(20);
  });
});
