import { Foundation1796226344895 } from './1796226344895-Foundation.js';
import { Workflow1796227220649 } from './1796227220649-Workflow.js';
import { Reminders1796227444279 } from './1796227444279-Reminders.js';

/** Applied in this order. Add each new migration here (no globs; see entities.ts). */
export const MIGRATIONS = [Foundation1796226344895, Workflow1796227220649, Reminders1796227444279];
