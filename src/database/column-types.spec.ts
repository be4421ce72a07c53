import { getMetadataArgsStorage } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity';
import { SupervisionCase } from '../cases/case.entity';
import { useColumnTypesOf } from './column-types';
import { ENTITIES } from './entities';

const typeOf = (target: object, property: string) =>
  getMetadataArgsStorage().columns.find((c) => c.target === target && c.propertyName === property)?.options.type;

describe('the column types of the engine chosen by the configuration', () => {
  afterAll(() => useColumnTypesOf('sqlite', ENTITIES));

  it('are PostgreSQL’s for PostgreSQL and SQLite’s again for SQLite, whatever came first', () => {
    useColumnTypesOf('postgres', ENTITIES);
    expect([typeOf(AuditEntry, 'occurredAt'), typeOf(SupervisionCase, 'snapshot')]).toEqual(['timestamptz', 'jsonb']);
    useColumnTypesOf('sqlite', ENTITIES);
    expect([typeOf(AuditEntry, 'occurredAt'), typeOf(SupervisionCase, 'snapshot')]).toEqual(['datetime', 'simple-json']);
    useColumnTypesOf('postgres', ENTITIES);
    expect(typeOf(AuditEntry, 'occurredAt')).toBe('timestamptz');
  });
});
