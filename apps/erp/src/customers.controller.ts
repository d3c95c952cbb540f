import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBody, ApiNotFoundResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  ApiKeyRequired,
  CurrentActor,
  openApiSchemaOf,
  type Page,
  Roles,
  ZodValidationPipe,
} from '@throughline/common';
import type { Actor } from '@throughline/contracts';
import {
  AccountSummaryService,
  codeSchema,
  CreditService,
  CustomerService,
  isoDateSchema,
  MasterDataAdminService,
  moneySchema,
  pageShape,
  textSchema,
  toCustomerView,
  type AccountSummary,
  type CreditCheck,
  type CustomerView,
} from '@throughline/erp';

const customerQuerySchema = z
  .object({
    ...pageShape,
    search: textSchema(100).optional(),
    creditHold: z.enum(['true', 'false']).optional(),
    email: textSchema(254).optional(),
    serialNo: textSchema(64).optional(),
  })
  .strict();

const updateTermsSchema = z
  .object({
    paymentTermsDays: z.number().int().min(0).max(365),
    creditLimitMinor: moneySchema,
    priceListCode: codeSchema.nullable(),
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'send at least one field to change');

const creditQuerySchema = z
  .object({ amountMinor: z.coerce.number().int().min(0).max(1_000_000_000_000).default(0) })
  .strict();

const summaryQuerySchema = z.object({ asOf: isoDateSchema.optional() }).strict();

@ApiTags('customers')
@ApiKeyRequired()
@Controller('customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomerService,
    private readonly credit: CreditService,
    private readonly summaries: AccountSummaryService,
    private readonly admin: MasterDataAdminService,
  ) {}

  @Get()
  @ApiQuery({ name: 'search', required: false, description: 'Legal name or exact customerNo' })
  @ApiQuery({ name: 'creditHold', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'email', required: false, description: 'The billing e-mail, any case' })
  @ApiQuery({
    name: 'serialNo',
    required: false,
    description: 'A serial number (VIN) shipped to the customer',
  })
  @ApiQuery({ name: 'limit', required: false, example: 20 })
  @ApiQuery({ name: 'offset', required: false, example: 0 })
  @ApiOkResponse({ description: 'A page of customer masters, newest first' })
  async list(
    @Query(new ZodValidationPipe(customerQuerySchema)) query: z.infer<typeof customerQuerySchema>,
  ): Promise<Page<CustomerView>> {
    const { items, total } = await this.customers.list({
      ...query,
      creditHold: query.creditHold === undefined ? undefined : query.creditHold === 'true',
    });
    return { items: items.map(toCustomerView), total, limit: query.limit, offset: query.offset };
  }

  @Get(':customerNo')
  @ApiOkResponse({ description: 'The customer master' })
  @ApiNotFoundResponse({ description: 'No customer has this customerNo' })
  async get(@Param('customerNo') customerNo: string): Promise<CustomerView> {
    return toCustomerView(await this.customers.getByCustomerNo(customerNo));
  }

  /** Bypasses finance's credit release (a higher limit passes the check): admin only, audited. */
  @Patch(':customerNo')
  @Roles('admin')
  @ApiBody({ schema: openApiSchemaOf(updateTermsSchema) })
  @ApiOkResponse({
    description:
      'Terms, credit limit or price list changed (ERP owns them); audited with before and after',
  })
  async updateTerms(
    @Param('customerNo') customerNo: string,
    @Body(new ZodValidationPipe(updateTermsSchema)) body: z.infer<typeof updateTermsSchema>,
    @CurrentActor() actor: Actor,
  ): Promise<CustomerView> {
    return toCustomerView(await this.admin.changeCustomerTerms(customerNo, body, actor.userId));
  }

  @Get(':customerNo/credit')
  @ApiQuery({ name: 'amountMinor', required: false, description: 'A new order to check' })
  @ApiOkResponse({ description: 'Exposure (open AR + open orders + new order) against the limit' })
  async checkCredit(
    @Param('customerNo') customerNo: string,
    @Query(new ZodValidationPipe(creditQuerySchema)) query: z.infer<typeof creditQuerySchema>,
  ): Promise<CreditCheck> {
    return this.credit.check(customerNo, query.amountMinor);
  }

  @Get(':customerNo/summary')
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD; today when unset' })
  @ApiOkResponse({
    description:
      'The ERP half of the customer 360: open and recent orders, overdue and recent invoices, open balance, credit limit, exposure, hold and warranty items',
  })
  async summary(
    @Param('customerNo') customerNo: string,
    @Query(new ZodValidationPipe(summaryQuerySchema)) query: z.infer<typeof summaryQuerySchema>,
  ): Promise<AccountSummary> {
    return this.summaries.summary(customerNo, query.asOf);
  }
}
