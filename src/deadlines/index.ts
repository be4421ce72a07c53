// What other features may import of src/deadlines/, each name from the file named here (eslint.config.mjs checks it).
export { ActivityDeadlineSteps, type ActivityDeadlineStep } from './activity-deadlines';
export { complianceCsv, ComplianceReports } from './compliance-report';
export { DeadlineReminders } from './deadline-reminders';
export { DeadlinesModule } from './deadlines.module';
export { ComplianceCountsView, ComplianceReportView } from './dto/compliance-report.view';
export { ComplianceReportQuery } from './dto/compliance.query';
export type { WorkloadItem } from './dto/workload.view';
export { Workloads } from './workloads';
export type { WorkloadPart } from './workloads';
export { CaseAssignments } from './case-assignments';
export { AssignCaseDto } from './dto/assign-case.dto';
