import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Actor, Role } from '../../machines/roles';
import { CurrentActor } from '../auth/current-actor.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { ApiErrorResponses, type ErrorDoc } from '../common/api-errors';
import { Meta, type RequestMeta } from '../common/request-meta';
import { complianceCsv, complianceCsvName, ComplianceReports } from './compliance-report';
import { ComplianceDeadlinePage, ComplianceReportView } from './dto/compliance-report.view';
import { ComplianceDeadlinesQuery, ComplianceReportQuery } from './dto/compliance.query';

/** Who reads a state's compliance figures: its compact office, administrators and auditors, and the Commission's auditors. */
const COMPLIANCE_READERS: Role[] = ['compact_office', 'state_admin', 'auditor', 'national_auditor'];

const BAD_QUERY: ErrorDoc = {
  description: 'A date is not valid, to is before from or too far after it, or a national auditor named no state',
  examples: {
    invalidQuery: {
      message: 'The request is not valid: to must not be before from.',
      fields: [{ field: 'to', problems: ['to must not be before from'] }],
    },
    stateRequired: 'state is required of a national auditor: name the state whose figures you want, e.g. state=TX.',
  },
};
const NOT_READER: ErrorDoc = {
  description: "Not a compact office, state administrator or auditor; or another state's figures than your own",
  examples: {
    notReader: 'Only a user with the role compact office or state administrator or auditor or national auditor may do this.',
    otherState: 'You may see the compliance figures of OH only, not those of TX.',
  },
};

@ApiTags('compliance')
@ApiBearerAuth()
@ApiExtraModels(ComplianceReportView)
@Controller('compliance')
export class ComplianceController {
  constructor(private readonly reports: ComplianceReports) {}

  @Get()
  @RequireRole(...COMPLIANCE_READERS)
  @ApiOperation({
    summary: "A state's timeliness by measure, each quarter and over the range, beside the national average",
    description:
      'A deadline counts in the period its due date falls in, with its outcome as of today: due = on time + late + open ' +
      '(still unanswered and not yet past due); a deadline unanswered past its due date is late; cancelled is shown beside. ' +
      'The national figures pool every state.',
  })
  @ApiOkResponse({
    description: 'The report; with format=csv, the same as a file to download',
    headers: {
      'Content-Disposition': { description: 'With format=csv: attachment; filename="compliance-<state>-<from>-<to>.csv"', schema: { type: 'string' } },
    },
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ComplianceReportView) } },
      'text/csv': {
        schema: { type: 'string', description: 'A header line, then one line per period and measure, the whole range last' },
        example:
          'period,from,to,measure,rule,tracked,state,due,on_time,late,open,cancelled,percent_on_time,' +
          'national_due,national_on_time,national_late,national_open,national_cancelled,national_percent_on_time\n',
      },
    },
  })
  @ApiErrorResponses({ 400: BAD_QUERY, 403: NOT_READER })
  async report(@Query() query: ComplianceReportQuery, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<ComplianceReportView | StreamableFile> {
    const report = await this.reports.report(query, actor, meta);
    if (query.format !== 'csv') return report;
    return new StreamableFile(Buffer.from(complianceCsv(report), 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${complianceCsvName(report)}"`,
    });
  }

  @Get('deadlines')
  @RequireRole(...COMPLIANCE_READERS)
  @ApiOperation({ summary: 'The deadlines behind a count of the report: one measure, by due date, of one outcome or all' })
  @ApiOkResponse({ type: ComplianceDeadlinePage })
  @ApiErrorResponses({ 400: BAD_QUERY, 403: NOT_READER })
  deadlines(@Query() query: ComplianceDeadlinesQuery, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<ComplianceDeadlinePage> {
    return this.reports.deadlinesOf(query, actor, meta);
  }
}
