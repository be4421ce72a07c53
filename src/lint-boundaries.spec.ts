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
      { filePath: 'src/cases/unpublished.ts', code: "import { notPublished } from '../audit/audit.service';\nexport const y = notPublished;\n" },
      { filePath: 'src/cases/dto/unpublished.ts', code: "import type { NotPublished } from '../../users/user.entity';\nexport type Y = NotPublished;\n" },
      { filePath: 'src/unpublished.ts', code: "import { notPublished } from './cases/cases.module';\nexport const y = notPublished;\n" },
      { filePath: 'src/cases/barrel.ts', code: "import { AuditService } from '../audit';\nexport const y = AuditService;\n" },
      { filePath: 'src/cases/whole.ts', code: "import * as audit from '../audit/audit.service';\nexport const y = audit;\n" },
      {
        filePath: 'src/cases/published.ts',
        code: [
          "import { AuditService } from '../audit/audit.service';",
          "import { Clock } from '../common/clock';",
          "import { encodeCaseCursor } from './case-cursor';",
          'export const y = [AuditService, Clock, encodeCaseCursor];',
          '',
        ].join('\n'),
      },
      { filePath: 'src/published.ts', code: "import { CasesModule } from './cases/cases.module';\nexport const y = CasesModule;\n" },
    ]);
  }, 30000);

  const boundaryErrors = (filePath: string) => findings.filter((f) => f.filePath === filePath && f.ruleId === 'no-restricted-imports');

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
    expect(boundaryErrors('src/cases/x.service.ts')).toEqual([
      expect.objectContaining({ message: expect.stringContaining('Only a repository opens a transaction') }),
    ]);
    expect(boundaryErrors('src/cases/x.repository.ts')).toEqual([]);
    expect(boundaryErrors('src/cases/y.service.ts')).toEqual([]);
  });

  const featureErrors = (filePath: string) => findings.filter((f) => f.filePath === filePath && f.ruleId === 'local/feature-boundaries');

  it("fails a name another feature's index.ts does not publish, from a feature at any depth or from src/ itself", () => {
    expect(featureErrors('src/cases/unpublished.ts')).toEqual([
      expect.objectContaining({ message: "src/audit/index.ts does not publish 'notPublished' from audit.service: other features import only what it lists." }),
    ]);
    expect(featureErrors('src/cases/dto/unpublished.ts')).toEqual([
      expect.objectContaining({ message: expect.stringContaining("'NotPublished' from user.entity") }),
    ]);
    expect(featureErrors('src/unpublished.ts')).toEqual([expect.objectContaining({ message: expect.stringContaining("'notPublished' from cases.module") })]);
  });

  it("fails an import of another feature's index, and a namespace import of one of its files", () => {
    expect(featureErrors('src/cases/barrel.ts')).toEqual([expect.objectContaining({ message: expect.stringContaining('not from the index') })]);
    expect(featureErrors('src/cases/whole.ts')).toEqual([expect.objectContaining({ message: expect.stringContaining('no default, namespace') })]);
  });

  it('lets a feature import what another publishes, the shared kernels and its own files', () => {
    expect(findings.filter((f) => f.filePath.endsWith('published.ts') && !f.filePath.endsWith('unpublished.ts'))).toEqual([]);
  });

  it('fails an import from test/ or bench/ in src/', () => {
    expect(boundaryErrors('src/x.ts')).toEqual([expect.objectContaining({ message: expect.stringContaining('src/ must not import from test/ or bench/.') })]);
    expect(boundaryErrors('src/cases/x.ts')).toHaveLength(1);
  });
});
