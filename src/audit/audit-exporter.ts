import { Injectable, StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';
import { csvHeader, csvRow, ndjsonRow } from './audit-export';
import type { AuditFilter } from './audit-filter';
import { AuditReader } from './audit-reader.service';
import { AuditEntryView } from './dto/audit-entry.view';

export type ExportFormat = 'csv' | 'ndjson';

/** A state's matching entries as a download, produced a page at a time so memory stays flat. */
@Injectable()
export class AuditExporter {
  constructor(private readonly reader: AuditReader) {}

  file(filter: AuditFilter, state: string, format: ExportFormat): StreamableFile {
    const rows = this.reader.stream(filter, state);
    const lines = async function* () {
      if (format === 'csv') yield csvHeader();
      for await (const entry of rows) yield (format === 'csv' ? csvRow : ndjsonRow)(AuditEntryView.of(entry));
    };
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return new StreamableFile(Readable.from(lines()), {
      type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
      disposition: `attachment; filename="audit-${state}-${stamp}.${format}"`,
    });
  }
}
