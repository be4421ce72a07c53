// What other features may import of src/reopen-requests/, each name from the file named here (eslint.config.mjs checks it).
export { ReopenReasonDto } from './dto/reopen-reason.dto';
export { ReopenRequestView } from './dto/reopen-request.view';
export { REOPEN_REQUEST_ACTIVITY } from './reopen-request-activity';
export { ReopenRequestReadsService } from './reopen-request-reads.service';
export { ReopenRequestsModule } from './reopen-requests.module';
export { ReopenRequestsService } from './reopen-requests.service';
