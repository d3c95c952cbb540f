import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type Page, type PageQuery, pageQuerySchema, ZodValidationPipe } from '@throughline/common';
import { CustomerService, toCustomerView, type CustomerView } from '@throughline/erp';

@ApiTags('customers')
@Controller('customers')
export class CustomersController {
  constructor(private readonly customers: CustomerService) {}

  @Get()
  @ApiQuery({ name: 'search', required: false, description: 'Legal name or exact customerNo' })
  @ApiQuery({ name: 'limit', required: false, example: 20 })
  @ApiQuery({ name: 'offset', required: false, example: 0 })
  @ApiOkResponse({ description: 'A page of customer masters, newest first' })
  async list(
    @Query(new ZodValidationPipe(pageQuerySchema)) query: PageQuery,
  ): Promise<Page<CustomerView>> {
    const { items, total } = await this.customers.list(query);
    return { items: items.map(toCustomerView), total, limit: query.limit, offset: query.offset };
  }

  @Get(':customerNo')
  @ApiOkResponse({ description: 'The customer master' })
  @ApiNotFoundResponse({ description: 'No customer has this customerNo' })
  async get(@Param('customerNo') customerNo: string): Promise<CustomerView> {
    return toCustomerView(await this.customers.getByCustomerNo(customerNo));
  }
}
