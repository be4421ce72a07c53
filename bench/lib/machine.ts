import { cpus, freemem, loadavg, release, totalmem } from 'node:os';
import { SQLITE_DRIVER_PACKAGE } from '../../src/database/sqlite-driver';

export interface MachineDescription {
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  freeMemoryBytes: number;
  node: string;
  platform: string;
  date: string;
  /** 1, 5 and 15 minute load averages: other work on a shared machine shows here. */
  loadAverage: number[];
  versions: Record<string, string>;
}

function versionOf(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function describeMachine(): MachineDescription {
  const cpu = cpus();
  let sqlite = 'unknown';
  try {
    const Database = require(SQLITE_DRIVER_PACKAGE) as typeof import('better-sqlite3');
    const db = new Database(':memory:');
    sqlite = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    db.close();
  } catch {
    // reported as unknown
  }
  return {
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryBytes: totalmem(),
    freeMemoryBytes: freemem(),
    node: process.version,
    platform: `${process.platform} ${release()} ${process.arch}`,
    date: new Date().toISOString(),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    versions: {
      sqlite,
      'better-sqlite3': versionOf(SQLITE_DRIVER_PACKAGE),
      typeorm: versionOf('typeorm'),
      '@nestjs/core': versionOf('@nestjs/core'),
      xstate: versionOf('xstate'),
      autocannon: versionOf('autocannon'),
    },
  };
}
