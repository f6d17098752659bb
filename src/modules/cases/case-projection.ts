import { addDays, type CaseClock } from '../deadlines/domain/index.js';
import { type CaseEntity, NO_DUE_DATE_SORT } from './case.entity.js';
import { type CaseStatus, isOpenCaseStatus } from './workflow/case-status.js';

/**
 * The denormalised, indexed view of a case's clock on its row (queue order, overdue flag, the scanner's next
 * check). Pure: computed from the clock, the status and today.
 *
 * `checkedThrough`: the day up to which the scheduler has already handled this case (it passes today after a
 * scan). After an event it is unknown, so every pending date counts, even one long past: a back-dated correction
 * request, fee notice or consultation whose period already ran out must still lapse.
 */
export function caseProjection(clock: CaseClock | null, status: CaseStatus, today: string, stickyOverdue = false, checkedThrough?: string): Partial<CaseEntity> {
  const open = isOpenCaseStatus(status);
  if (!clock) {
    // Awaiting confirmation of receipt: no clock yet, and the queue shows it first — it needs action now.
    return { status, isOpen: open, dueDate: null, queueDueDate: today, dueDateProvisional: false, clockState: 'not_started', overdue: false, nextCheckDate: null };
  }
  return {
    status,
    isOpen: open,
    dueDate: clock.dueDate,
    queueDueDate: clock.dueDate ?? NO_DUE_DATE_SORT,
    dueDateProvisional: clock.provisional,
    clockState: clock.state,
    overdue: stickyOverdue || clock.state === 'overdue' || clock.late === true,
    nextCheckDate: open ? nextCheckDate(clock, checkedThrough) : null,
  };
}

/**
 * The earliest date after `checkedThrough` on which something may happen by itself: a warning is due,
 * a correction/consultation/fee period lapses, or the reply becomes overdue (each the day after its deadline).
 */
export function nextCheckDate(clock: CaseClock, checkedThrough?: string): string | null {
  const candidates = [
    ...clock.warnings.map((w) => w.date),
    ...[clock.correctionWindowEnds, clock.thirdPartyDeadline, clock.feeDeadline, clock.dueDate].filter((d): d is string => !!d).map((d) => addDays(d, 1)),
  ].filter((d) => checkedThrough === undefined || d > checkedThrough);
  return candidates.length ? candidates.sort()[0] : null;
}
