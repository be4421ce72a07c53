// What other features may import of src/activities/, each name from the file named here (eslint.config.mjs checks it).
export { ActivitiesModule } from './activities.module';
export { ActivitiesService } from './activities.service';
