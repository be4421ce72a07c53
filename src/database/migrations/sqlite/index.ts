import { Initial1795909037750 } from './1795909037750-Initial';
import { ReopenRequests1795909783533 } from './1795909783533-ReopenRequests';

/** In the order they run; each new migration is appended here. */
export const SQLITE_MIGRATIONS: Function[] = [Initial1795909037750, ReopenRequests1795909783533];
