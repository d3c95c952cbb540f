import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiNotFoundResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type Page, type PageQuery, pageQuerySchema, ZodValidationPipe } from '@throughline/common';
import { AccountService, toAccountView, type AccountView } from '@throughline/crm';

@ApiTags('accounts')
@Controller('accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountService) {}

  @Get()
  @ApiQuery({ name: 'search', required: false, description: 'Name, email or exact customerNo' })
  @ApiQuery({ name: 'limit', required: false, example: 20 })
  @ApiQuery({ name: 'offset', required: false, example: 0 })
  @ApiOkResponse({ description: 'A page of accounts, newest first' })
  async list(
    @Query(new ZodValidationPipe(pageQuerySchema)) query: PageQuery,
  ): Promise<Page<AccountView>> {
    const { items, total } = await this.accounts.list(query);
    return { items: items.map(toAccountView), total, limit: query.limit, offset: query.offset };
  }

  @Get(':customerNo')
  @ApiOkResponse({ description: 'The account' })
  @ApiNotFoundResponse({ description: 'No account has this customerNo' })
  async get(@Param('customerNo') customerNo: string): Promise<AccountView> {
    return toAccountView(await this.accounts.getByCustomerNo(customerNo));
  }
}
