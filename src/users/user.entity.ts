import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Role } from '../../machines/roles';
import type { Jurisdiction } from '../../machines/jurisdiction';
import { TIMESTAMP } from '../database/column-types';

@Entity({ name: 'users' })
// A state administrator's list: the accounts of one state, by username.
@Index('idx_users_state_username', ['state', 'username'])
export class User {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ name: 'display_name', type: 'varchar', length: 128 })
  displayName: string;

  @Column({ type: 'varchar', length: 32 })
  role: Role;

  @Column({ type: 'varchar', length: 2 })
  state: Jurisdiction;

  @Column({ name: 'password_hash', type: 'varchar', length: 256 })
  passwordHash: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Failed sign-ins since the last success, lock or unlock. */
  @Column({ name: 'failed_attempts', type: 'integer', default: 0 })
  failedAttempts: number;

  /** Until when sign-in is refused; a time in the past is a lock that ran out. */
  @Column({ name: 'locked_until', type: TIMESTAMP, nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'created_at', type: TIMESTAMP })
  createdAt: Date;

  @Column({ name: 'updated_at', type: TIMESTAMP })
  updatedAt: Date;
}
