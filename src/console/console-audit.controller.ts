import { BadRequestException, Controller, Get, Post, Query, Req, Res, StreamableFile, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Response } from 'express';
import { AUDITOR_ROLES } from '../../machines/roles';
import { AuditExporter } from '../audit/audit-exporter';
import { describeFilter, type AuditFilter } from '../audit/audit-filter';
import { AuditReader, auditScopeOf } from '../audit/audit-reader.service';
import { AuditVerifier, type VerifyResult } from '../audit/audit-verifier.service';
import { AuditService } from '../audit/audit.service';
import { AuditEntryView } from '../audit/dto/audit-entry.view';
import { AuditExportQuery } from '../audit/dto/audit-filter.query';
import type { AuthenticatedRequest } from '../auth/current-actor.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { requestMetaOf } from '../common/request-meta';
import { ConsoleCsrf, ConsoleCsrfGuard } from './console-csrf';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsolePage } from './console-page.decorator';
import { ConsoleSessionInterceptor } from './console-session.interceptor';
import { ConsoleViews } from './console-views';
import { pageContext } from './page-context';

const FILTER_FIELDS = ['caseId', 'actor', 'action', 'outcome', 'from', 'to'] as const;

/** A form's fields as typed: empty ones dropped; a time without a zone is UTC, as the page says. */
function formFilter(query: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of FILTER_FIELDS) {
    const value = typeof query[field] === 'string' ? (query[field] as string).trim() : '';
    if (!value) continue;
    out[field] = (field === 'from' || field === 'to') && /T\d\d:\d\d(:\d\d)?$/.test(value) ? `${value}Z` : value;
  }
  return out;
}

/** The auditor's view: the filters of the audit API, paging, exports, and verifying the chain. */
@ApiExcludeController()
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
@UseGuards(ConsoleCsrfGuard)
@UseInterceptors(ConsoleSessionInterceptor)
@RequireRole(...AUDITOR_ROLES)
@Controller('console/audit')
export class ConsoleAuditController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly csrf: ConsoleCsrf,
    private readonly audit: AuditService,
    private readonly reader: AuditReader,
    private readonly exporter: AuditExporter,
    private readonly verifier: AuditVerifier,
  ) {}

  @Get()
  async search(@Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.renderAudit(req, res, query, null);
  }

  @Get('export')
  async export(@Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest): Promise<StreamableFile> {
    const format = query.format === 'ndjson' ? 'ndjson' : 'csv';
    const { filter, problems } = await this.parse(query);
    if (problems.length) throw new BadRequestException(`The filters could not be used: ${problems.join('; ')}.`);
    await this.audit.recordAccess(req.actor, requestMetaOf(req), 'AUDIT_EXPORT', `${format}; ${describeFilter(filter)} (console)`);
    return this.exporter.file(filter, auditScopeOf(req.actor), format);
  }

  @Post('verify')
  async verify(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const result = await this.verifier.verify({});
    await this.audit.recordAccess(
      req.actor,
      requestMetaOf(req),
      'AUDIT_VERIFY',
      result.ok ? `intact: ${result.checked} entries to ${result.headSeq} (console)` : `BROKEN at ${result.firstInvalidSeq}: ${result.problem} (console)`,
    );
    await this.renderAudit(req, res, {}, result);
  }

  private async parse(query: Record<string, unknown>): Promise<{ filter: AuditFilter; problems: string[]; form: Record<string, string> }> {
    const form = formFilter(query);
    const dto = plainToInstance(AuditExportQuery, form);
    const errors = await validate(dto);
    const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
    const { caseId, actor, action, outcome, from, to } = dto;
    return { filter: problems.length ? {} : { caseId, actor, action, outcome, from, to }, problems, form };
  }

  private async renderAudit(req: AuthenticatedRequest, res: Response, query: Record<string, unknown>, verify: VerifyResult | null): Promise<void> {
    const { filter, problems, form } = await this.parse(query);
    const cursor = Number(query.cursor) > 0 ? Number(query.cursor) : 0;
    const page = problems.length ? { items: [], nextCursor: null } : await this.reader.page(filter, auditScopeOf(req.actor), 100, cursor);
    if (!problems.length) {
      await this.audit.recordAccess(req.actor, requestMetaOf(req), 'AUDIT_READ', `${describeFilter(filter)}; ${page.items.length} entries (console)`);
    }
    const params = new URLSearchParams(form).toString();
    this.views.render(
      res,
      'audit',
      {
        ...pageContext(req, res, this.csrf, req.actor, 'Audit history'),
        filter: { caseId: '', actor: '', action: '', outcome: '', ...form, from: form.from?.replace(/Z$/, '') ?? '', to: form.to?.replace(/Z$/, '') ?? '' },
        query: params,
        items: page.items.map(AuditEntryView.of),
        nextHref: page.nextCursor ? `/console/audit?${params}${params ? '&' : ''}cursor=${page.nextCursor}` : null,
        verify,
        error: problems.length ? `The filters could not be used: ${problems.join('; ')}.` : null,
      },
      problems.length ? 400 : 200,
    );
  }
}
