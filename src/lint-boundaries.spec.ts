import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// The import boundaries of eslint.config.mjs, checked through ESLint's Node API on in-memory texts,
// with the repository's own config (so removing a boundary rule fails this). ESLint loads its config
// with import(), which Jest's module system does not offer, hence a child Node process. Type
// information is switched off for these made-up files, which no tsconfig knows.
const root = join(__dirname, '..');

interface Finding {
  filePath: string;
  ruleId: string | null;
  message: string;
}

function lint(texts: { filePath: string; code: string }[]): Finding[] {
  const script = `
    import { ESLint } from 'eslint';
    import tseslint from 'typescript-eslint';
    const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: tseslint.configs.disableTypeChecked });
    const out = [];
    for (const { filePath, code } of JSON.parse(process.argv[1])) {
      for (const r of await eslint.lintText(code, { filePath })) {
        for (const m of r.messages) out.push({ filePath, ruleId: m.ruleId, message: m.message });
      }
    }
    process.stdout.write(JSON.stringify(out));
  `;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(texts)], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as Finding[];
}

describe('the import boundaries (npm run lint)', () => {
  let findings: Finding[];

  beforeAll(() => {
    findings = lint([
      { filePath: 'machines/x.ts', code: "import x from '../src/app.module';\nexport const y = x;\n" },
      { filePath: 'machines/testing/x.ts', code: "import x from '../../src/app.module';\nexport const y = x;\n" },
      { filePath: 'machines/y.ts', code: "import { z } from 'typeorm';\nexport const y = z;\n" },
      {
        filePath: 'machines/ok.ts',
        code: "import { setup } from 'xstate';\nimport type { Role } from './roles';\nexport const y: [unknown, Role?] = [setup];\n",
      },
      { filePath: 'machines/testing/ok.ts', code: "import type { Role } from '../roles';\nexport const y: Role[] = [];\n" },
      { filePath: 'src/x.ts', code: "import { a } from '../test/support/test-app';\nexport const y = a;\n" },
      { filePath: 'src/cases/x.ts', code: "import { b } from '../../bench/lib/app';\nexport const y = b;\n" },
      { filePath: 'src/cases/x.service.ts', code: "import { managerOf } from '../database/transaction';\nexport const y = managerOf;\n" },
      { filePath: 'src/cases/x.repository.ts', code: "import { managerOf } from '../database/transaction';\nexport const y = managerOf;\n" },
      { filePath: 'src/cases/y.service.ts', code: "import type { Transaction } from '../database/transaction';\nexport type Y = Transaction;\n" },
    ]);
  }, 30000);

  const boundaryErrors = (filePath: string) =>
    findings.filter((f) => f.filePath === filePath && f.ruleId === 'no-restricted-imports');

  it('fails an import from src/ in machines/, at any depth', () => {
    expect(boundaryErrors('machines/x.ts')).toEqual([expect.objectContaining({ message: expect.stringContaining('machines/') })]);
    expect(boundaryErrors('machines/testing/x.ts')).toHaveLength(1);
  });

  it('fails a package other than xstate in machines/', () => {
    expect(boundaryErrors('machines/y.ts')).toHaveLength(1);
  });

  it('lets machines/ import xstate and its own files', () => {
    expect(findings.filter((f) => f.filePath.endsWith('ok.ts'))).toEqual([]);
  });

  it('lets only a repository open a transaction; a service only passes it along', () => {
    expect(boundaryErrors('src/cases/x.service.ts')).toEqual([expect.objectContaining({ message: expect.stringContaining('Only a repository opens a transaction') })]);
    expect(boundaryErrors('src/cases/x.repository.ts')).toEqual([]);
    expect(boundaryErrors('src/cases/y.service.ts')).toEqual([]);
  });

  it('fails an import from test/ or bench/ in src/', () => {
    expect(boundaryErrors('src/x.ts')).toEqual([expect.objectContaining({ message: expect.stringContaining('src/ must not import from test/ or bench/.') })]);
    expect(boundaryErrors('src/cases/x.ts')).toHaveLength(1);
  });
});
