import { Body, Controller, Get, HttpCode, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AUDITOR_ROLES, type Actor } from '../../machines/roles';
import { CurrentActor } from '../auth/current-actor.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { ErrorBody } from '../common/error-body';
import { Meta, type RequestMeta } from '../common/request-meta';
import { AuditChainBrokenException } from './audit-chain-broken';
import { AuditCheckpoints } from './audit-checkpoints.service';
import { AuditExporter } from './audit-exporter';
import { describeFilter, type AuditFilter } from './audit-filter';
import { AuditReader, auditScopeOf } from './audit-reader.service';
import { AuditSigner, type SignedCheckpoint } from './audit-signer';
import { AuditVerifier } from './audit-verifier.service';
import { AuditService } from './audit.service';
import { AuditEntryView, AuditPage } from './dto/audit-entry.view';
import { AuditExportQuery, AuditPageQuery } from './dto/audit-filter.query';
import { PublicKeyView, SignedCheckpointDto, VerifyBody, VerifyRangeQuery, VerifyResultView } from './dto/verify.dto';

function filterOf(q: AuditPageQuery | AuditExportQuery): AuditFilter {
  const { caseId, actor, action, outcome, from, to } = q;
  return { caseId, actor, action, outcome, from, to };
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly reader: AuditReader,
    private readonly exporter: AuditExporter,
    private readonly verifier: AuditVerifier,
    private readonly checkpoints: AuditCheckpoints,
    private readonly signer: AuditSigner,
  ) {}

  @Get()
  @RequireRole(...AUDITOR_ROLES)
  @ApiOperation({ summary: "Search the history of your state's cases and accounts, in sequence order" })
  @ApiOkResponse({ type: AuditPage })
  @ApiForbiddenResponse({ type: ErrorBody })
  async search(@Query() q: AuditPageQuery, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<AuditPage> {
    const filter = filterOf(q);
    const page = await this.reader.page(filter, auditScopeOf(actor), q.limit ?? 100, q.cursor ?? 0);
    await this.recordRead(actor, meta, 'AUDIT_READ', `${describeFilter(filter)}; ${page.items.length} entries`);
    return { items: page.items.map(AuditEntryView.of), nextCursor: page.nextCursor };
  }

  @Get('export')
  @RequireRole(...AUDITOR_ROLES)
  @ApiOperation({ summary: 'Export the matching entries as CSV or NDJSON, streamed' })
  @ApiProduces('text/csv', 'application/x-ndjson')
  async export(@Query() q: AuditExportQuery, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<StreamableFile> {
    const filter = filterOf(q);
    const format = q.format ?? 'csv';
    // The export is audited before it starts: an interrupted download was still an export.
    await this.recordRead(actor, meta, 'AUDIT_EXPORT', `${format}; ${describeFilter(filter)}`);
    return this.exporter.file(filter, auditScopeOf(actor), format);
  }

  @Get('verify')
  @RequireRole(...AUDITOR_ROLES)
  @ApiOperation({ summary: 'Prove that no entry was edited, removed, inserted or reordered' })
  @ApiOkResponse({ type: VerifyResultView })
  verify(@Query() q: VerifyRangeQuery, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<VerifyResultView> {
    return this.verifyAndRecord({ from: q.from, to: q.to }, actor, meta);
  }

  @Post('verify')
  @HttpCode(200)
  @RequireRole(...AUDITOR_ROLES)
  @ApiOperation({ summary: 'Verify, also against a checkpoint kept outside the database' })
  @ApiOkResponse({ type: VerifyResultView })
  verifyWithCheckpoint(@Body() body: VerifyBody, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<VerifyResultView> {
    return this.verifyAndRecord(body, actor, meta);
  }

  @Get('checkpoints')
  @RequireRole(...AUDITOR_ROLES)
  @ApiOperation({ summary: 'Signed checkpoints, newest first: keep copies outside the database' })
  @ApiOkResponse({ type: [SignedCheckpointDto] })
  async listCheckpoints(@Query() q: VerifyRangeQuery, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<SignedCheckpoint[]> {
    const list = await this.checkpoints.list(100, q.to === undefined ? undefined : q.to + 1);
    await this.recordRead(actor, meta, 'AUDIT_CHECKPOINTS_READ', `${q.to === undefined ? 'newest' : `up to ${q.to}`}; ${list.length} checkpoints`);
    return list;
  }

  @Post('checkpoints')
  @RequireRole(...AUDITOR_ROLES)
  @ApiOperation({ summary: "Sign the chain's head now" })
  @ApiCreatedResponse({ type: SignedCheckpointDto })
  async checkpoint(@CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<SignedCheckpoint> {
    const signed = await this.checkpoints.signHead();
    await this.recordRead(actor, meta, 'AUDIT_CHECKPOINT', `signed head ${signed.seq}`);
    return signed;
  }

  @Get('public-key')
  @ApiOperation({ summary: 'The Ed25519 public key that checks the checkpoints' })
  @ApiOkResponse({ type: PublicKeyView })
  publicKey(): PublicKeyView {
    return { algorithm: 'Ed25519', keyId: this.signer.keyId, publicKeyPem: this.signer.publicKeyPem() };
  }

  private async verifyAndRecord(request: VerifyBody, actor: Actor, meta: RequestMeta): Promise<VerifyResultView> {
    const result = await this.verifier.verify(request);
    const summary = result.ok ? `intact: ${result.checked} entries to ${result.headSeq}` : `BROKEN at ${result.firstInvalidSeq}: ${result.problem}`;
    await this.recordRead(actor, meta, 'AUDIT_VERIFY', summary).catch((err: unknown) => {
      // A chain that cannot take this entry is the damage the answer reports: refusing it would hide that from the auditor.
      if (!(err instanceof AuditChainBrokenException) || result.ok) throw err;
    });
    return result;
  }

  private recordRead(actor: Actor, meta: RequestMeta, action: string, reason: string) {
    return this.audit.recordAccess(actor, meta, action, reason);
  }
}
