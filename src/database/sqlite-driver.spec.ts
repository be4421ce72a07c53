import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import Database, { SQLITE_DRIVER_PACKAGE } from './sqlite-driver';
import { sqliteConnection } from './sqlite-table';

const ROOT = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|js)$/.test(entry.name) ? [path] : [];
  });
}

// better-sqlite3 12 aborts Node 24 at teardown and 13 crashes Node 20: one process must load only the
// package picked for its Node, through TypeORM as much as through the engine's own connections.
describe('the SQLite binding', () => {
  const nodeMajor = Number(process.versions.node.split('.')[0]);

  it(`is better-sqlite3 13 on Node 22 and later, 12 before (this is Node ${process.versions.node})`, () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the package is chosen at run time, by Node's version
    const { version } = require(`${SQLITE_DRIVER_PACKAGE}/package.json`) as { version: string };
    expect(Number(version.split('.')[0])).toBe(nodeMajor >= 22 ? 13 : 12);
    const db = new Database(':memory:');
    try {
      expect(db.prepare('SELECT 40 + 2 AS answer').get()).toEqual({ answer: 42 });
    } finally {
      db.close();
    }
  });

  it("is the one TypeORM opens the engine's database with", async () => {
    const dataSource = await new DataSource(
      dataSourceOptions({ sqlitePath: ':memory:', databaseUrl: null, poolSize: 2, sqliteGroupCommit: true }),
    ).initialize();
    try {
      expect((dataSource.driver as unknown as { sqlite: unknown }).sqlite).toBe(Database);
      expect(sqliteConnection(dataSource)).toBeInstanceOf(Database);
      expect(await dataSource.query('SELECT 40 + 2 AS answer')).toEqual([{ answer: 42 }]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('is loaded nowhere else: no other source file takes better-sqlite3 itself', () => {
    const files = ['src', 'machines', 'test', 'bench', 'scripts'].flatMap((dir) => sourceFiles(join(ROOT, dir)));
    const mentions = files.filter((file) => readFileSync(file, 'utf8').includes("'better-sqlite3'"));
    // The scan sees the files that name the package for its types only.
    expect(mentions.map((file) => relative(ROOT, file))).toContain(join('src', 'database', 'sqlite-table.ts'));
    const loading = mentions.filter((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .some((line) => /(^import (?!type )[^;]*from 'better-sqlite3'|require\('better-sqlite3'\))/.test(line.trim())),
    );
    expect(loading.map((file) => relative(ROOT, file))).toEqual([]);
  });
});
