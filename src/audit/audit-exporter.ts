import { Injectable, StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';
import { Clock } from '../common/clock';
import { csvHeader, csvRow, ndjsonRow } from './audit-export';
import type { AuditFilter } from './audit-filter';
import { AuditReader } from './audit-reader.service';
import { AuditEntryView } from './dto/audit-entry.view';

export type ExportFormat = 'csv' | 'ndjson';

/** About 64 KB a chunk: a few hundred lines, a fraction of a millisecond of work between turns of the event loop. */
const CHUNK_CHARACTERS = 64 * 1024;

/** A state's matching entries as a download, produced a page at a time so memory stays flat. */
@Injectable()
export class AuditExporter {
  constructor(
    private readonly reader: AuditReader,
    private readonly clock: Clock,
  ) {}

  file(filter: AuditFilter, state: string | null, format: ExportFormat): StreamableFile {
    const rows = this.reader.stream(filter, state);
    const line = format === 'csv' ? csvRow : ndjsonRow;
    // Lines go out gathered into chunks: one socket write per line made the writes cost more than the lines.
    const chunks = async function* () {
      let chunk = format === 'csv' ? csvHeader() : '';
      for await (const entry of rows) {
        chunk += line(AuditEntryView.of(entry));
        if (chunk.length >= CHUNK_CHARACTERS) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    };
    const stamp = this.clock.now().toISOString().replace(/[:.]/g, '-');
    return new StreamableFile(Readable.from(chunks(), { objectMode: false, highWaterMark: CHUNK_CHARACTERS }), {
      type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
      disposition: `attachment; filename="audit-${state ?? 'all'}-${stamp}.${format}"`,
    });
  }
}
