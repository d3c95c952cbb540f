import { Injectable } from '@nestjs/common';
import { basisPointsFromInput, DomainError } from '@throughline/common';
import {
  AccountService,
  AssetService,
  type CaseKind,
  type CasePriority,
  type CaseUpdate,
  type CustomerLookup,
  CustomerErasureService,
  CustomerProfileService,
  type CustomerProfileView,
  type DealerCandidateView,
  type DealerCapability,
  DealerService,
  type DeliveredItem,
  type ErpDocuments,
  type LeadScoreOutcome,
  LeadService,
  type LeadSource,
  type LeadView,
  OpportunityService,
  parseActivityInput,
  parseTimestamp,
  type OpportunityView,
  QuoteService,
  type QuoteStatus,
  type QuoteView,
  ServiceCaseService,
  type ServiceCaseView,
  TimelineService,
  type TimelineEntryView,
  toAccountView,
  toAssetView,
  toContactView,
  toCustomerProfileView,
  toDealerCandidateView,
  toLeadView,
  toOpportunityView,
  toQuoteView,
  toServiceCaseView,
  toTimelineEntryView,
  type AccountView,
  type AssetView,
  type ContactView,
  type ServiceLevel,
} from '@throughline/crm';
import {
  type Address,
  type CrmErasureResult,
  type ErasureRequest,
  erasureRequestSchema,
} from '@throughline/contracts';

export interface OpenAccountRequest {
  name: string;
  email: string;
  phone?: string;
  kind: 'business' | 'consumer';
  address?: Address;
}

export interface CaptureLeadRequest {
  source: LeadSource;
  company?: string;
  contactName: string;
  email: string;
  phone?: string;
  itemsOfInterest?: string[];
  estimatedValueMinor?: number;
  currency?: string;
  /**
   * The process capturing the lead (its workflow id); it owns the lead. The same process
   * capturing again gets the same lead; another process capturing the same email while this one
   * owns the open lead gets a lead of its own. Unset: the open lead with that email, as a web
   * form capture.
   */
  processId?: string;
}

export interface ScoreLeadResult {
  lead: LeadView;
  outcome: LeadScoreOutcome;
  score: number;
  reasons: string[];
}

export interface ConvertLeadResult {
  lead: LeadView;
  account: AccountView;
  contact: ContactView;
  opportunity: OpportunityView;
  /** False when the lead had been converted before (a retry): nothing new was written. */
  converted: boolean;
}

export interface CreateQuoteRequest {
  /** Business key of the quote, e.g. `quote:<opportunityNo>:1`. */
  quoteKey: string;
  opportunityId: string;
  currency: string;
  /** Integer basis points 0..10000, e.g. 1900 for 19 %. Required unless the legacy field is given. */
  taxRateBasisPoints?: number;
  /** Legacy (histories recorded before basis points): e.g. 19 or 7.5; at most two decimals. */
  taxRatePercent?: number;
  /** ISO timestamp. */
  validUntil: string;
  /** Lines as the ERP priced them. */
  lines: {
    sku: string;
    description?: string;
    quantity: number;
    unitPriceMinor: number;
    /** Integer basis points 0..10000, e.g. 1250 for 12.5 %; none when unset. */
    discountBasisPoints?: number;
    /** Legacy: e.g. 12.5; at most two decimals; not together with `discountBasisPoints`. */
    discountPercent?: number;
  }[];
}

export interface OpenCaseRequest {
  intakeKey: string;
  /** The customer; unset, the asset's owner (serialNo). */
  customerNo?: string;
  serialNo?: string;
  kind: CaseKind;
  priority?: CasePriority;
  symptom: string;
  processId?: string;
}

export interface CandidateDealersResult {
  customerNo: string;
  serviceLevel: ServiceLevel;
  origin: { latitude: number; longitude: number };
  /** Nearest first. */
  dealers: DealerCandidateView[];
}

/**
 * CRM activities, served on the "crm" task queue. Thin adapters from activity calls to the CRM
 * services; every one that writes is idempotent by its business key, and a refused state change
 * is a typed domain error (a non-retryable ApplicationFailure at the worker boundary).
 */
@Injectable()
export class CrmActivities {
  constructor(
    private readonly accounts: AccountService,
    private readonly leads: LeadService,
    private readonly opportunities: OpportunityService,
    private readonly quotes: QuoteService,
    private readonly assets: AssetService,
    private readonly dealers: DealerService,
    private readonly cases: ServiceCaseService,
    private readonly timeline: TimelineService,
    private readonly customers: CustomerProfileService,
    private readonly erasure: CustomerErasureService,
  ) {}

  /** Opens (or finds) the account for an email; assigns the customerNo once. */
  async openAccount(request: OpenAccountRequest): Promise<AccountView> {
    const { account } = await this.accounts.openAccount({
      name: request.name,
      email: request.email,
      phone: request.phone,
      kind: request.kind,
      billingAddress: request.address,
    });
    return toAccountView(account);
  }

  /** Records the ERP customer master of an account. */
  async linkErpCustomer(request: {
    customerNo: string;
    erpCustomerId: string;
  }): Promise<AccountView> {
    return toAccountView(
      await this.accounts.linkErpCustomer(request.customerNo, request.erpCustomerId),
    );
  }

  /**
   * Records a lead owned by the capturing process (`processId`): each process gets its own lead,
   * claiming the open lead no process owns when there is one; a capture without a process is the
   * open lead with that email.
   */
  async captureLead(request: CaptureLeadRequest): Promise<LeadView> {
    const { processId, ...lead } = request;
    return toLeadView(
      (await this.leads.capture({ ...lead, ...(processId ? { ownerProcessId: processId } : {}) }))
        .lead,
    );
  }

  /** Scoring rules: qualified, needs review (a person decides), or disqualified. */
  async scoreLead(request: { leadId: string }): Promise<ScoreLeadResult> {
    const { lead, outcome, score } = await this.leads.score(request.leadId);
    return { lead: toLeadView(lead), outcome, score: score.score, reasons: score.reasons };
  }

  /** A person's decision on a lead that needed review. */
  async decideLead(request: {
    leadId: string;
    decision: 'qualify' | 'disqualify';
    reason?: string;
  }): Promise<LeadView> {
    return toLeadView(await this.leads.decide(request.leadId, request.decision, request.reason));
  }

  /** Account (customerNo assigned once), contact and opportunity from a qualified lead. */
  async convertLead(request: {
    leadId: string;
    owner?: string;
    address?: Address;
    opportunityTitle?: string;
  }): Promise<ConvertLeadResult> {
    const result = await this.leads.convert(request.leadId, request);
    return {
      lead: toLeadView(result.lead),
      account: toAccountView(result.account),
      contact: toContactView(result.contact),
      opportunity: toOpportunityView(result.opportunity),
      converted: result.converted,
    };
  }

  /** Records a quote from lines the ERP priced; the same quoteKey is the same quote. */
  async createQuote(request: CreateQuoteRequest): Promise<QuoteView> {
    const taxRateBasisPoints = basisPointsFromInput(
      'taxRate',
      request.taxRateBasisPoints,
      request.taxRatePercent,
    );
    if (taxRateBasisPoints === undefined) {
      throw new DomainError('validation', 'invalid-tax-rate', 'taxRateBasisPoints is required');
    }
    const { quote } = await this.quotes.create({
      quoteKey: request.quoteKey,
      opportunityId: request.opportunityId,
      currency: request.currency,
      taxRateBasisPoints,
      validUntil: parseTimestamp(request.validUntil, 'validUntil'),
      lines: request.lines.map((line) => ({
        sku: line.sku,
        description: line.description,
        quantity: line.quantity,
        unitPriceMinor: line.unitPriceMinor,
        discountBasisPoints:
          basisPointsFromInput('discount', line.discountBasisPoints, line.discountPercent) ?? 0,
      })),
    });
    return toQuoteView(quote);
  }

  async setQuoteStatus(request: {
    quoteId: string;
    status: QuoteStatus;
    by?: string;
    comment?: string;
    reason?: string;
    processId?: string;
  }): Promise<QuoteView> {
    return toQuoteView(await this.quotes.setStatus(request.quoteId, request));
  }

  async markOpportunityWon(request: {
    opportunityId: string;
    orderNo: string;
    processId?: string;
  }): Promise<OpportunityView> {
    return toOpportunityView(
      await this.opportunities.markWon(request.opportunityId, request.orderNo, request.processId),
    );
  }

  async markOpportunityLost(request: {
    opportunityId: string;
    reason: string;
    processId?: string;
  }): Promise<OpportunityView> {
    return toOpportunityView(
      await this.opportunities.markLost(request.opportunityId, request.reason, request.processId),
    );
  }

  /** Adds the ERP order, shipment and invoice numbers that came from an opportunity. */
  async linkErpDocuments(
    request: { opportunityId: string } & ErpDocuments,
  ): Promise<OpportunityView> {
    await this.opportunities.linkErpDocuments(request.opportunityId, request);
    return toOpportunityView(await this.opportunities.get(request.opportunityId));
  }

  /** One timeline entry per sourceKey, ordered per account. */
  async appendTimeline(request: {
    customerNo: string;
    sourceKey: string;
    kind: string;
    summary: string;
    occurredAt?: string;
    processId?: string;
    details?: Record<string, unknown>;
  }): Promise<TimelineEntryView> {
    const { entry } = await this.timeline.append(request.customerNo, {
      ...request,
      occurredAt: request.occurredAt ? parseTimestamp(request.occurredAt, 'occurredAt') : undefined,
    });
    return toTimelineEntryView(entry);
  }

  /** Delivered serialized items become the customer's assets; one per serial number. */
  async registerAssets(request: {
    customerNo: string;
    shipmentNo?: string;
    items: DeliveredItem[];
    processId?: string;
  }): Promise<AssetView[]> {
    const { assets } = await this.assets.register(request);
    return assets.map((asset) => toAssetView(asset));
  }

  /** Opens a service case once per intake key; SLA due from the service level. */
  async openCase(request: OpenCaseRequest): Promise<ServiceCaseView> {
    return toServiceCaseView((await this.cases.open(request)).serviceCase);
  }

  /** Dealers that may take the work, nearest first (read-only). */
  async findCandidateDealers(request: {
    customerNo: string;
    capability: DealerCapability;
    excludeDealerIds?: string[];
    limit?: number;
  }): Promise<CandidateDealersResult> {
    const { origin, serviceLevel, ranked } = await this.dealers.candidates(request);
    return {
      customerNo: request.customerNo,
      serviceLevel,
      origin,
      dealers: ranked.map((r) => toDealerCandidateView(r.dealer, r.distanceKm)),
    };
  }

  async assignDealer(request: {
    caseId: string;
    dealer: string;
    processId?: string;
  }): Promise<ServiceCaseView> {
    return toServiceCaseView(
      await this.cases.assignDealer(request.caseId, request.dealer, request.processId),
    );
  }

  async updateCase(request: { caseId: string } & CaseUpdate): Promise<ServiceCaseView> {
    return toServiceCaseView(await this.cases.update(request.caseId, request));
  }

  async closeCase(request: {
    caseId: string;
    satisfaction?: number;
    processId?: string;
  }): Promise<ServiceCaseView> {
    return toServiceCaseView(
      await this.cases.close(request.caseId, request.satisfaction, request.processId),
    );
  }

  /** Mirrors the ERP's credit hold on the account. */
  async setCreditHoldFlag(request: {
    customerNo: string;
    creditHold: boolean;
    reason?: string;
    processId?: string;
  }): Promise<AccountView> {
    return toAccountView(
      await this.accounts.setCreditHold(
        request.customerNo,
        request.creditHold,
        request.reason,
        request.processId,
      ),
    );
  }

  /** The CRM half of the customer 360 (read-only). */
  async getCustomerProfile(request: CustomerLookup): Promise<CustomerProfileView> {
    return toCustomerProfileView(await this.customers.profile(request));
  }

  /**
   * The right to be forgotten, CRM half: replaces the customer's personal data (account,
   * contacts, leads, free text on opportunities, quotes, cases and the timeline), keeps numbers,
   * amounts, dates and statuses, and records the erasure. Returns counts only. A repeat returns
   * the same result and writes nothing; an unknown customer is `account-not-found`.
   */
  async eraseCustomerPersonalData(request: ErasureRequest): Promise<CrmErasureResult> {
    const input = parseActivityInput(erasureRequestSchema, request);
    return this.erasure.erase(input.customerNo, input.erasureRef);
  }
}
