import type { LeadSource } from './lead.entity';

export type LeadScoreOutcome = 'qualified' | 'needs-review' | 'disqualified';

export interface ScorableLead {
  source: LeadSource;
  company?: string;
  email: string;
  phone?: string;
  itemsOfInterest: string[];
  estimatedValueMinor: number;
}

export interface LeadScore {
  score: number;
  outcome: LeadScoreOutcome;
  /** Why, one phrase per rule that contributed; shown to the person who reviews the lead. */
  reasons: string[];
  disqualifiedReason?: string;
}

/** Thresholds of the outcome: at least `qualifyAt` qualifies, at least `reviewAt` needs a person. */
export const leadScoreThresholds = { qualifyAt: 60, reviewAt: 30 } as const;

const sourcePoints: Record<LeadSource, number> = {
  partner: 25,
  dealer: 20,
  'call-center': 15,
  web: 10,
};

/** Throw-away mailbox providers: a lead from one of them is never a buyer. */
const disposableDomains = new Set([
  'mailinator.com',
  'trashmail.com',
  'guerrillamail.com',
  '10minutemail.com',
  'yopmail.com',
]);

/**
 * The qualification rules: who sent the lead, how reachable and specific it is, and what it is
 * worth. A high score qualifies on its own, a middling one goes to a person ("qualify lead"),
 * a low one or a disposable mailbox disqualifies.
 */
export function scoreLead(lead: ScorableLead): LeadScore {
  const domain = lead.email.split('@')[1]?.toLowerCase() ?? '';
  if (disposableDomains.has(domain)) {
    return {
      score: 0,
      outcome: 'disqualified',
      reasons: [`disposable mailbox ${domain}`],
      disqualifiedReason: 'disposable-email',
    };
  }
  const reasons: string[] = [];
  let score = 0;
  const add = (points: number, reason: string): void => {
    score += points;
    reasons.push(`${reason} (+${points})`);
  };
  add(sourcePoints[lead.source], `source ${lead.source}`);
  if (lead.company) add(15, 'company named');
  if (lead.phone) add(10, 'phone given');
  const items = Math.min(lead.itemsOfInterest.length, 2);
  if (items > 0) add(10 * items, `${lead.itemsOfInterest.length} item(s) of interest`);
  if (lead.estimatedValueMinor >= 1_000_000) add(35, 'estimated value 10,000 or more');
  else if (lead.estimatedValueMinor >= 100_000) add(20, 'estimated value 1,000 or more');
  else if (lead.estimatedValueMinor > 0) add(5, 'estimated value given');

  if (score >= leadScoreThresholds.qualifyAt) return { score, outcome: 'qualified', reasons };
  if (score >= leadScoreThresholds.reviewAt) return { score, outcome: 'needs-review', reasons };
  return { score, outcome: 'disqualified', reasons, disqualifiedReason: 'low-score' };
}
