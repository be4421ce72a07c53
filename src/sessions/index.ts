// What other features may import of src/sessions/, each name from the file named here (eslint.config.mjs checks it).
export { Session } from './session.entity';
export { SessionsModule } from './sessions.module';
export { SessionsService } from './sessions.service';
export { SignedInLookup } from './signed-in-lookup';
