import { type AccountView, toAccountView } from '../accounts/account.view';
import { type AssetView, toAssetView } from '../assets/asset.view';
import { type ServiceCaseView, toServiceCaseView } from '../cases/service-case.view';
import { type ContactView, toContactView } from '../contacts/contact.view';
import { type OpportunityView, toOpportunityView } from '../opportunities/opportunity.view';
import { type TimelineEntryView, toTimelineEntryView } from '../timeline/timeline.view';
import type { CustomerProfile } from './customer-profile.service';

export interface CustomerProfileView {
  account: AccountView;
  contacts: ContactView[];
  serviceLevel: AccountView['serviceLevel'];
  slaHours: number;
  creditHold: boolean;
  openCases: ServiceCaseView[];
  recentCases: ServiceCaseView[];
  assets: AssetView[];
  openOpportunities: OpportunityView[];
  /** Newest first. */
  recentTimeline: TimelineEntryView[];
}

export function toCustomerProfileView(profile: CustomerProfile): CustomerProfileView {
  return {
    account: toAccountView(profile.account),
    contacts: profile.contacts.map(toContactView),
    serviceLevel: profile.account.serviceLevel,
    slaHours: profile.slaHours,
    creditHold: profile.account.creditHold,
    openCases: profile.openCases.map(toServiceCaseView),
    recentCases: profile.recentCases.map(toServiceCaseView),
    assets: profile.assets.map((asset) => toAssetView(asset)),
    openOpportunities: profile.openOpportunities.map(toOpportunityView),
    recentTimeline: profile.recentTimeline.map(toTimelineEntryView),
  };
}
