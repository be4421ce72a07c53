import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../database/column-types';

/**
 * A console banner waiting to be shown once ("Approved: the case is reopened"): written by the form's
 * POST handler, read and deleted by the page it redirects to. Kept on the server, so that a link
 * cannot make a page claim that something happened.
 */
@Entity({ name: 'console_flashes' })
// Banners whose page was never loaded are swept by age.
@Index('idx_console_flashes_created', ['createdAt'])
export class ConsoleFlash {
  /** The server-side session's id; before sign-in and after sign-out, `visitor:` and the visitor cookie's id. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  owner: string;

  /** The console page (path only) it is shown on. */
  @Column({ type: 'varchar', length: 300 })
  path: string;

  @Column({ type: 'varchar', length: 500 })
  message: string;

  @Column({ name: 'created_at', type: TIMESTAMP })
  createdAt: Date;
}
