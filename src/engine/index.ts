// What other features may import of src/engine/, each name from the file named here (eslint.config.mjs checks it).
export { fieldLabelOf, stepButtons } from './activity';
export type { ActivityKind, ActivityStep, StepButton } from './activity';
export { EngineModule } from './engine.module';
export { ChangedMeanwhile, pageNoteOf, refused, RefusedException } from './refusals';
export { StateChanges } from './state-changes';
export type { Attempt, Writes } from './state-changes';
export { StepNotices } from './step-notices';
export { routesOf, StepRoutes } from './step-routes';
