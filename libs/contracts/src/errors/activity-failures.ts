/**
 * Failure types the activity boundary gives errors that are not business refusals. Workflows
 * never treat them as an answer of the system: the step parks for ops instead.
 */
export const ActivityFailureTypes = {
  /**
   * An error no rule foresaw (a bug, data the database refuses), still failing after the
   * configured attempts (ACTIVITY_UNEXPECTED_ATTEMPTS): retrying more would not help.
   */
  unexpected: 'unexpected-error',
} as const;
