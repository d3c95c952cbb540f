import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiKeyRequired, type Page, ZodValidationPipe } from '@throughline/common';
import {
  AccountService,
  TimelineService,
  toAccountView,
  toContactView,
  toTimelineEntryView,
  type AccountView,
  type ContactView,
  type TimelineEntryView,
} from '@throughline/crm';
import type { z } from 'zod';
import { accountQuerySchema } from './crm-query.schemas';

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
