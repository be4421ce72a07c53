import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityMetadata } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { Actor } from '../../machines/roles';
import { User } from '../users/user.entity';
import { Session } from './session.entity';

/** What the auth guard needs of a session and of the account it belongs to. */
export interface SignedIn {
  session: Pick<Session, 'id' | 'userId' | 'lastSeenAt' | 'endedAt'>;
  /** Null when the account no longer exists. */
  account: (Actor & { active: boolean }) | null;
}

type Field = readonly [key: string, column: ColumnMetadata];

/**
 * The session an access token names, with its account, read fresh from the database in one
 * statement on every request: a sign-out, a deactivation or a role change counts at the next
 * request, on every instance. One fixed SQL text (a prepared statement that SQLite keeps) instead of
 * two repository lookups, which TypeORM builds and hydrates anew each time: this runs on every request.
 */
@Injectable()
export class SignedInLookup {
  private readonly sql: string;
  private readonly sessionFields: Field[];
  private readonly accountFields: Field[];

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    const sessions = dataSource.getMetadata(Session);
    const users = dataSource.getMetadata(User);
    this.sessionFields = fields(sessions, ['id', 'userId', 'lastSeenAt', 'endedAt']);
    this.accountFields = fields(users, ['id', 'username', 'role', 'state', 'active']);
    const select = (alias: string, prefix: string, list: Field[]) => list.map(([key, column]) => `${alias}."${column.databaseName}" AS "${prefix}${key}"`);
    const userId = sessions.findColumnWithPropertyName('userId')!.databaseName;
    const id = (m: EntityMetadata) => m.findColumnWithPropertyName('id')!.databaseName;
    this.sql =
      `SELECT ${[...select('s', 's_', this.sessionFields), ...select('u', 'u_', this.accountFields)].join(', ')}` +
      ` FROM "${sessions.tableName}" s LEFT JOIN "${users.tableName}" u ON u."${id(users)}" = s."${userId}"` +
      ` WHERE s."${id(sessions)}" = ${dataSource.driver.createParameter('id', 0)}`;
  }

  async find(sessionId: string): Promise<SignedIn | null> {
    const [row] = (await this.dataSource.query(this.sql, [sessionId])) as Array<Record<string, unknown>>;
    if (!row) return null;
    const session = this.hydrate<SignedIn['session']>(row, 's_', this.sessionFields);
    const account = row.u_id == null ? null : this.hydrate<NonNullable<SignedIn['account']>>(row, 'u_', this.accountFields);
    return { session, account };
  }

  /** The driver's own conversion of each column (SQLite's datetime text and 0/1, PostgreSQL's types). */
  private hydrate<T>(row: Record<string, unknown>, prefix: string, list: Field[]): T {
    const out: Record<string, unknown> = {};
    for (const [key, column] of list) out[key] = this.dataSource.driver.prepareHydratedValue(row[prefix + key], column);
    return out as T;
  }
}

function fields(metadata: EntityMetadata, keys: readonly string[]): Field[] {
  return keys.map((key) => {
    const column = metadata.findColumnWithPropertyName(key);
    if (!column) throw new Error(`${metadata.name} has no column ${key}`);
    return [key, column] as const;
  });
}
