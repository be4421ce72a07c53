// What other features may import of src/cases/, each name from the file named here (eslint.config.mjs checks it).
export { CASE_ACTIVITY } from './case-activity';
export { decodeCaseCursor, decodeCaseListCursor, encodeCaseCursor, encodeCaseListCursor, isCaseSort } from './case-cursor';
export type { CaseSort } from './case-cursor';
export { caseIdPipe } from './case-id.pipe';
export { isVisibleTo, statesOf } from './case-visibility';
export { SupervisionCase } from './case.entity';
export type { CaseLabel } from './case.repository';
export { CasesModule } from './cases.module';
export { CASE_READ, CasesService, NOT_FOUND, staleVersion } from './cases.service';
export type { AllowedCaseDecision, CaseDeadlines, CaseHold, CaseHolds, CaseOffers, CaseStep, CaseTransitionFollower } from './cases.service';
export { CaseDeadlineView } from './dto/case-deadline.view';
export { CaseEventDto } from './dto/case-event.dto';
export { CaseView } from './dto/case.view';
export { OpenCaseDto } from './dto/open-case.dto';
export { HistoryEntryView } from './dto/history-entry.view';
