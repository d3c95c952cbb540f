import type { Lead, LeadSource, LeadStatus } from './lead.entity';

export interface LeadView {
  id: string;
  leadNo: string;
  source: LeadSource;
  company?: string;
  contactName: string;
  email: string;
  phone?: string;
  itemsOfInterest: string[];
  estimatedValueMinor: number;
  currency: string;
  status: LeadStatus;
  score?: number;
  /** The process that owns the lead (captured or claimed it). */
  ownerProcessId?: string;
  disqualifiedReason?: string;
  accountId?: string;
  contactId?: string;
  opportunityId?: string;
  convertedAt?: string;
  createdAt: string;
}

export function toLeadView(lead: Lead): LeadView {
  return {
    id: lead.id,
    leadNo: lead.leadNo,
    source: lead.source,
    ...(lead.company ? { company: lead.company } : {}),
    contactName: lead.contactName,
    email: lead.email,
    ...(lead.phone ? { phone: lead.phone } : {}),
    itemsOfInterest: lead.itemsOfInterest,
    estimatedValueMinor: lead.estimatedValueMinor,
    currency: lead.currency,
    status: lead.status,
    ...(lead.score !== undefined && lead.score !== null ? { score: lead.score } : {}),
    ...(lead.ownerProcessId ? { ownerProcessId: lead.ownerProcessId } : {}),
    ...(lead.disqualifiedReason ? { disqualifiedReason: lead.disqualifiedReason } : {}),
    ...(lead.accountId ? { accountId: lead.accountId } : {}),
    ...(lead.contactId ? { contactId: lead.contactId } : {}),
    ...(lead.opportunityId ? { opportunityId: lead.opportunityId } : {}),
    ...(lead.convertedAt ? { convertedAt: lead.convertedAt.toISOString() } : {}),
    createdAt: lead.createdAt.toISOString(),
  };
}
