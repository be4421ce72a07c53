import { In, type EntityManager } from 'typeorm';
import { ReopenRequest } from './reopen-request.entity';

/** Which of these cases have a request waiting for the compact office; one query for a whole page. */
export async function casesWithPendingReopenRequest(manager: EntityManager, caseIds: readonly string[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const rows = await manager.find(ReopenRequest, {
    select: { caseId: true },
    where: { caseId: In([...caseIds]), status: 'pending' },
  });
  return new Set(rows.map((r) => r.caseId));
}
