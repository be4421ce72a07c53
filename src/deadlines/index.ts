// What other features may import of src/deadlines/, each name from the file named here (eslint.config.mjs checks it).
export { DeadlineReminders } from './deadline-reminders';
export { DeadlinesModule } from './deadlines.module';
