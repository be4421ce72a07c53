import {
  BadRequestException,
  NotFoundException,
  Controller,
  Get,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Response } from 'express';
import { AUDITOR_ROLES, isNationalRole, type Actor } from '../../machines/roles';
import type { AuditEntry } from '../audit/audit-entry.entity';
import { AuditExporter } from '../audit/audit-exporter';
import { describeFilter, type AuditFilter } from '../audit/audit-filter';
import { AuditReader, auditScopeOf } from '../audit/audit-reader.service';
import { AuditVerifier, type VerifyResult } from '../audit/audit-verifier.service';
import { AuditService } from '../audit/audit.service';
import { AuditEntryView } from '../audit/dto/audit-entry.view';
import { AuditExportQuery } from '../audit/dto/audit-filter.query';
import { statesOf } from '../cases/case-visibility';
import type { CaseLabel } from '../cases/case.repository';
import { CasesService } from '../cases/cases.service';
import type { AuthenticatedRequest } from '../auth/current-actor.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { requestMetaOf } from '../common/request-meta';
import { ConsoleCsrf, ConsoleCsrfGuard } from './console-csrf';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsolePage } from './console-page.decorator';
import { ConsoleSessionInterceptor } from './console-session.interceptor';
import { timesIn, zoneOf } from './console-time';
import { ConsoleViews } from './console-views';
import { actionLabelOf, AUDIT_ACTION_GROUPS, AUDIT_ZONES, auditFormOf, instantIn, type AuditForm } from './forms/audit-filter-form';
import { pageContext } from './page-context';

/** What the page asks the history for, once the form is read: the API's filter, or why it cannot be used. */
interface ReadFilter {
  form: AuditForm;
  zone: string;
  filter: AuditFilter;
  /** The filter as the export takes it: the case by its id, times in UTC. */
  exportQuery: string;
  problems: string[];
  /** The case number typed names no case the auditor may see. */
  unknownCase: string | null;
}

/** The case of an entry, as an auditor may read it: named when they may see the case, linked when its page opens for them. */
interface NamedCase {
  caseNumber: string;
  offenderName: string;
  href: string | null;
}

/** A case exists for a state's auditor as for its other users (statesOf); the Commission's auditors read every state's history, so every case's name. */
function mayName(c: CaseLabel, actor: Actor): boolean {
  return isNationalRole(actor.role) || mayOpen(c, actor);
}

/** The console's case page opens only for the states the case exists for. */
function mayOpen(c: CaseLabel, actor: Actor): boolean {
  return statesOf(c).includes(actor.state);
}

/** The auditor's view: the filters of the audit API in a reader's terms, paging, exports, and verifying the chain. */
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
    private readonly cases: CasesService,
  ) {}

  @Get()
  async search(@Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.renderAudit(req, res, query, null);
  }

  @Get('export')
  async export(@Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest): Promise<StreamableFile> {
    const format = query.format === 'ndjson' ? 'ndjson' : 'csv';
    const { filter, problems, unknownCase } = await this.read(query, req.actor);
    if (unknownCase) throw new NotFoundException(noSuchCase(unknownCase));
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

  /** The form as the API's filter: the case number resolved within what the auditor may see, times read in the zone picked. */
  private async read(query: Record<string, unknown>, actor: Actor): Promise<ReadFilter> {
    const form = auditFormOf(query);
    const asked = form.zone ?? zoneOf(actor.state);
    const problems = AUDIT_ZONES.includes(asked) ? [] : [`zone must be one of: ${AUDIT_ZONES.join(', ')}`];
    const zone = problems.length ? 'UTC' : asked;
    let caseId = form.caseId;
    let unknownCase: string | null = null;
    if (form.caseId && !form.caseNumber && !problems.length) {
      // An address of before the case number: the field shows the case's number when the auditor may know it.
      const found = await this.cases.find(form.caseId);
      if (found && mayName(found, actor)) {
        form.caseNumber = found.caseNumber;
        delete form.caseId;
      }
    } else if (form.caseNumber) {
      const found = await this.cases.findByNumber(form.caseNumber.toUpperCase());
      if (found && mayName(found, actor)) caseId = found.id;
      else unknownCase = form.caseNumber;
    }
    const api = {
      caseId,
      actor: form.actor,
      action: form.action,
      outcome: form.outcome,
      from: instantIn(form.from, zone),
      to: instantIn(form.to, zone),
    };
    const given = Object.fromEntries(Object.entries(api).filter(([, v]) => v !== undefined)) as Record<string, string>;
    const dto = plainToInstance(AuditExportQuery, given);
    problems.push(...(await validate(dto)).flatMap((e) => Object.values(e.constraints ?? {})));
    const filter: AuditFilter =
      problems.length || unknownCase ? {} : { caseId, actor: dto.actor, action: dto.action, outcome: dto.outcome, from: dto.from, to: dto.to };
    // A case nobody may be shown stays asked for in the export's address too: it is refused there as here, not exported unfiltered.
    const exported = unknownCase ? { ...given, caseNumber: unknownCase } : given;
    return { form, zone, filter, exportQuery: new URLSearchParams(exported).toString(), problems, unknownCase };
  }

  /** The cases of a page's entries, in one read, each as the auditor may know it. */
  private async casesOf(items: readonly AuditEntry[], actor: Actor): Promise<Record<string, NamedCase>> {
    const ids = [...new Set(items.map((e) => e.caseId).filter((id): id is string => id !== null))];
    const named: Record<string, NamedCase> = {};
    for (const c of await this.cases.labelsOf(ids)) {
      if (!mayName(c, actor)) continue;
      named[c.id] = { caseNumber: c.caseNumber, offenderName: c.offenderName, href: mayOpen(c, actor) ? `/console/cases/${c.id}` : null };
    }
    return named;
  }

  private async renderAudit(req: AuthenticatedRequest, res: Response, query: Record<string, unknown>, verify: VerifyResult | null): Promise<void> {
    const { form, zone, filter, exportQuery, problems, unknownCase } = await this.read(query, req.actor);
    const cursor = Number(query.cursor) > 0 ? Number(query.cursor) : 0;
    const usable = !problems.length && !unknownCase;
    const page = usable ? await this.reader.page(filter, auditScopeOf(req.actor), 100, cursor) : { items: [], nextCursor: null };
    if (usable) {
      await this.audit.recordAccess(req.actor, requestMetaOf(req), 'AUDIT_READ', `${describeFilter(filter)}; ${page.items.length} entries (console)`);
    } else if (unknownCase && !problems.length) {
      // Asking for a case one may not see is itself worth knowing; the entry names the number as typed.
      await this.audit.recordAccess(req.actor, requestMetaOf(req), 'AUDIT_READ', `caseNumber=${unknownCase} (no such case visible); 0 entries (console)`);
    }
    const params = new URLSearchParams(form as Record<string, string>).toString();
    const named = await this.casesOf(page.items, req.actor);
    const times = timesIn(zone);
    this.views.render(
      res,
      'audit',
      {
        ...pageContext(req, res, this.csrf, req.actor, 'Audit history'),
        filter: { caseNumber: '', caseId: '', actor: '', action: '', outcome: '', from: '', to: '', ...form, zone },
        actionGroups: AUDIT_ACTION_GROUPS,
        knownAction: !form.action || AUDIT_ACTION_GROUPS.some((g) => g.choices.some((c) => c.value === form.action)),
        zones: AUDIT_ZONES,
        exportQuery,
        items: page.items.map((e) => ({
          ...AuditEntryView.of(e),
          when: times.at(e.occurredAt, true),
          actionLabel: actionLabelOf(e.action),
          case: e.caseId ? (named[e.caseId] ?? null) : null,
        })),
        nextHref: page.nextCursor ? `/console/audit?${params}${params ? '&' : ''}cursor=${page.nextCursor}` : null,
        verify,
        unknownCase: unknownCase ? noSuchCase(unknownCase) : null,
        error: problems.length ? `The filters could not be used: ${problems.join('; ')}.` : null,
      },
      problems.length ? 400 : unknownCase ? 404 : 200,
    );
  }
}

function noSuchCase(caseNumber: string): string {
  return `No case numbered ${caseNumber} is visible to you.`;
}
