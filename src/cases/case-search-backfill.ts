import type { QueryRunner } from 'typeorm';
import { searchColumnsOf } from './case-search';

/** Cases read and written back at a time while the migration CaseSearchWords fills their words. */
const BATCH = 1000;

/** One batch of cases, with the words searchColumnsOf made of their names and numbers. */
export interface SearchColumnsBatch {
  ids: string[];
  names: string[];
  numbers: string[];
}

/**
 * Fills search_name and search_numbers of every case from its name and numbers (searchColumnsOf), in
 * batches in id order: the folding is this code's, which the engines' own functions do not match.
 * `after` is the engine's placeholder of the last id of the batch before; `write` writes one batch.
 */
export async function backfillSearchColumns(queryRunner: QueryRunner, after: string, write: (batch: SearchColumnsBatch) => Promise<void>): Promise<void> {
  const select = `SELECT "id", "offender_name", "case_number", "offender_id" FROM "cases" WHERE "id" > ${after} ORDER BY "id" LIMIT ${BATCH}`;
  let last = '';
  for (;;) {
    const rows = (await queryRunner.query(select, [last])) as Array<{ id: string; offender_name: string; case_number: string; offender_id: string | null }>;
    if (!rows.length) return;
    const columns = rows.map((r) => searchColumnsOf({ offenderName: r.offender_name, caseNumber: r.case_number, offenderId: r.offender_id }));
    await write({ ids: rows.map((r) => r.id), names: columns.map((c) => c.searchName), numbers: columns.map((c) => c.searchNumbers) });
    last = rows[rows.length - 1].id;
  }
}
