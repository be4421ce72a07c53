export interface DeadlineConfig {
  /**
   * How often this instance looks for reminders that have fallen due, in seconds; 0: it sends none
   * (a one-off command, or an instance kept for reading). Each runs one pass at its start anyway, so
   * what fell due while it was down goes out once it is back.
   */
  reminderEverySeconds: number;
  /**
   * How often this instance folds the changes of the compliance counts into their tallies, in
   * seconds; 0: never (the reports still count every change, reading more of them).
   */
  foldEverySeconds: number;
  /** The percent on time a compliance report holds each measure to: the Commission publishes no pass mark. */
  complianceTargetPercent: number;
}

export const DEADLINE_CONFIG = Symbol('DEADLINE_CONFIG');
