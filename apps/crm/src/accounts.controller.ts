import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { ApiKeyRequired, type Page, Roles, ZodValidationPipe } from '@throughline/common';
import {
  AccountService,
  CustomerProfileService,
  TimelineService,
  toAccountView,
  toContactView,
  toCustomerProfileView,
  toTimelineEntryView,
  type AccountView,
  type ContactView,
  type CustomerProfileView,
  type TimelineEntryView,
} from '@throughline/crm';
import type { z } from 'zod';
import { profileReaders } from './crm.access';
import { accountQuerySchema, profileLookupQuerySchema } from './crm-query.schemas';

export interface AccountDetailView extends AccountView {
  contacts: ContactView[];
  /** Newest first. */
  timeline: TimelineEntryView[];
}

@ApiTags('accounts')
@ApiKeyRequired()
@Controller('accounts')
export class AccountsController {
  constructor(
    private readonly accounts: AccountService,
    private readonly timeline: TimelineService,
    private readonly profiles: CustomerProfileService,
  ) {}

  @Get()
  @ApiQuery({
    name: 'search',
    required: false,
    description: 'Name, email, phone or exact customerNo',
  })
  @ApiQuery({ name: 'serviceLevel', required: false, enum: ['standard', 'gold', 'platinum'] })
  @ApiQuery({ name: 'creditHold', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'limit', required: false, example: 20 })
  @ApiQuery({ name: 'offset', required: false, example: 0 })
  @ApiOkResponse({ description: 'A page of accounts, newest first' })
  async list(
    @Query(new ZodValidationPipe(accountQuerySchema)) query: z.infer<typeof accountQuerySchema>,
  ): Promise<Page<AccountView>> {
    const { items, total } = await this.accounts.list(query);
    return { items: items.map(toAccountView), total, limit: query.limit, offset: query.offset };
  }

  // Before ':customerNo', which would take "profile" for a customerNo.
  @Get('profile')
  @Roles(...profileReaders)
  @ApiOperation({
    summary: 'The customer profile of a caller, found by phone, e-mail or asset serial number',
    description:
      'Exactly one of phone (compared as its digits and a leading +; encode the + as %2B), email (the account’s or a contact’s) and serialNo (an asset’s). The same view as /accounts/{customerNo}/profile.',
  })
  @ApiQuery({ name: 'phone', required: false, example: '+49 30 2025 1000' })
  @ApiQuery({ name: 'email', required: false, example: 'ada@example.com' })
  @ApiQuery({ name: 'serialNo', required: false, example: 'SN-PUMP-100-0001' })
  @ApiOkResponse({ description: 'The customer profile' })
  @ApiBadRequestResponse({ description: 'Not exactly one of phone, email and serialNo' })
  @ApiNotFoundResponse({ description: 'No account matches (account-not-found)' })
  async lookupProfile(
    @Query(new ZodValidationPipe(profileLookupQuerySchema))
    query: z.infer<typeof profileLookupQuerySchema>,
  ): Promise<CustomerProfileView> {
    return toCustomerProfileView(await this.profiles.profile(query));
  }

  @Get(':customerNo/profile')
  @Roles(...profileReaders)
  @ApiOperation({
    summary: 'The customer profile: the CRM half of the customer 360',
    description:
      'Account, contacts, service level and SLA hours, assets with warranty end and next maintenance, open and recent cases, open opportunities and the last 20 timeline entries (newest first).',
  })
  @ApiOkResponse({ description: 'The customer profile' })
  @ApiNotFoundResponse({ description: 'No account has this customerNo (account-not-found)' })
  async profile(@Param('customerNo') customerNo: string): Promise<CustomerProfileView> {
    return toCustomerProfileView(await this.profiles.profile({ customerNo }));
  }

  @Get(':customerNo')
  @ApiOkResponse({ description: 'The account with its contacts and its timeline, newest first' })
  @ApiNotFoundResponse({ description: 'No account has this customerNo' })
  async get(@Param('customerNo') customerNo: string): Promise<AccountDetailView> {
    const account = await this.accounts.getByCustomerNo(customerNo);
    const contacts = await this.accounts.contactsOf(account);
    const timeline = await this.timeline.recent(account.id, 100);
    return {
      ...toAccountView(account),
      contacts: contacts.map(toContactView),
      timeline: timeline.map(toTimelineEntryView),
    };
  }
}
