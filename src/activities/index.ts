// What other features may import of src/activities/, each name from the file named here (eslint.config.mjs checks it).
export { ActivitiesModule } from './activities.module';
export { ActivitiesService } from './activities.service';
export { ACTIVITY_NOT_FOUND, ActivityViews, type AddressedActionRequest } from './activity-views';
export { ActivityEventDto } from './dto/activity-event.dto';
export type { ActivityView } from './dto/activity.view';
export { isActivitySort } from './dto/list-activities.query';
export { StartActivityDto } from './dto/start-activity.dto';
export { SUPERVISION_ACTIVITIES } from './supervision-activity-steps';
