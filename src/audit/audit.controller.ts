import { Body, Controller, Get, HttpCode, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AUDITOR_ROLES, type Actor } from '../../machines/roles';
import { CurrentActor } from '../auth/current-actor.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { ApiErrorResponses, type ErrorDoc } from '../common/api-errors';
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

const NOT_AUDITOR: ErrorDoc = { description: 'Not an auditor', examples: { notAuditor: 'Only a user with the role auditor may do this.' } };
const INVALID_FILTER: ErrorDoc = {
  description: 'A query parameter is not valid',
  examples: {
    invalidQuery: {
      message: 'The request is not valid: from must be a date and time in ISO 8601, e.g. 2026-11-01T00:00:00Z.',
      fields: [{ field: 'from', problems: ['from must be a date and time in ISO 8601, e.g. 2026-11-01T00:00:00Z'] }],
    },
  },
};
const INVALID_SEQ = {
  message: 'The request is not valid: to must not be less than 1.',
  fields: [{ field: 'to', problems: ['to must not be less than 1'] }],
};
const INVALID_RANGE: ErrorDoc = {
  description: 'The range is not valid, or starts after an entry that does not exist',
  examples: { toBeforeFrom: 'to must not be before from.', noEntryBefore: 'There is no entry 41 to start after.', invalidQuery: INVALID_SEQ },
};

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
  @ApiErrorResponses({ 400: INVALID_FILTER, 403: NOT_AUDITOR })
  async search(@Query() q: AuditPageQuery, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<AuditPage> {
    const filter = filterOf(q);
    const page = await this.reader.page(filter, auditScopeOf(actor), q.limit ?? 100, q.cursor ?? 0);
    await this.recordRead(actor, meta, 'AUDIT_READ', `${describeFilter(filter)}; ${page.items.length} entries`);
    return { items: page.items.map(AuditEntryView.of), nextCursor: page.nextCursor };
  }

  @Get('export')
  @RequireRole(...AUDITOR_ROLES)
  @ApiOperation({ summary: 'Export the matching entries as CSV or NDJSON, streamed' })
  @ApiOkResponse({
    description: 'The entries, as a file to download',
    headers: { 'Content-Disposition': { description: 'attachment, with a file name naming the state and the time', schema: { type: 'string' } } },
    content: {
      'text/csv': {
        schema: { type: 'string', description: 'A header line, then one line per entry with the fields of AuditEntryView' },
        example:
          'seq,occurredAt,actorId,actorUsername,actorRole,actorState,action,entityType,entityId,caseId,states,' +
          'fromState,toState,outcome,reason,requestId,clientAddress,prevHash,hash\n',
      },
      'application/x-ndjson': {
        schema: { type: 'string', description: 'One AuditEntryView as JSON per line' },
      },
    },
  })
  @ApiErrorResponses({ 400: INVALID_FILTER, 403: NOT_AUDITOR })
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
  @ApiErrorResponses({ 400: INVALID_RANGE, 403: NOT_AUDITOR })
  verify(@Query() q: VerifyRangeQuery, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<VerifyResultView> {
    return this.verifyAndRecord({ from: q.from, to: q.to }, actor, meta);
  }

  @Post('verify')
  @HttpCode(200)
  @RequireRole(...AUDITOR_ROLES)
  @ApiOperation({ summary: 'Verify, also against a checkpoint kept outside the database' })
  @ApiOkResponse({ type: VerifyResultView })
  @ApiErrorResponses({
    400: {
      description: 'The range is not valid, or the checkpoint is not one this engine signed',
      examples: {
        notSigned: "The checkpoint given is not signed by this engine's audit key (or was altered).",
        toBeforeFrom: 'to must not be before from.',
      },
    },
    403: NOT_AUDITOR,
  })
  verifyWithCheckpoint(@Body() body: VerifyBody, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<VerifyResultView> {
    return this.verifyAndRecord(body, actor, meta);
  }

  @Get('checkpoints')
  @RequireRole(...AUDITOR_ROLES)
  @ApiOperation({ summary: 'Signed checkpoints, newest first: keep copies outside the database' })
  @ApiOkResponse({ type: [SignedCheckpointDto] })
  @ApiErrorResponses({ 400: { description: 'A query parameter is not valid', examples: { invalidQuery: INVALID_SEQ } }, 403: NOT_AUDITOR })
  async listCheckpoints(@Query() q: VerifyRangeQuery, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<SignedCheckpoint[]> {
    const list = await this.checkpoints.list(100, q.to === undefined ? undefined : q.to + 1);
    await this.recordRead(actor, meta, 'AUDIT_CHECKPOINTS_READ', `${q.to === undefined ? 'newest' : `up to ${q.to}`}; ${list.length} checkpoints`);
    return list;
  }

  @Post('checkpoints')
  @RequireRole(...AUDITOR_ROLES)
  @ApiOperation({ summary: "Sign the chain's head now" })
  @ApiCreatedResponse({ type: SignedCheckpointDto })
  @ApiErrorResponses({ 403: NOT_AUDITOR })
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
