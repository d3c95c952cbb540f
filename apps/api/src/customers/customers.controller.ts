import { Body, Controller, Get, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiSecurity,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { type Actor, CUSTOMER_ERASURE, type Role, singleLineText } from '@throughline/contracts';
import {
  CurrentActor,
  type LoggedRequest,
  RequireRoles,
  ZodValidationPipe,
} from '@throughline/common';
import { Idempotent } from '../idempotency/idempotency.decorators';
import { ProcessService } from '../processes/process.service';
import type { ProcessView } from '../processes/process.view';
import { customer360Example } from './customer-360.examples';
import { Customer360Service } from './customer-360.service';
import type { Customer360View } from './customer-360.view';

const customerNoParam = z.string().regex(/^C-\d{6,}$/, 'a customer number such as C-000042');

/** Who sees the customer 360: the call center, sales, finance and ops (and admin). */
export const customerViewers: Role[] = [
  'service-agent',
  'service-manager',
  'sales',
  'sales-manager',
  'sales-director',
  'finance',
  'ops',
];

/** The lookup of a caller: exactly one of phone, email and serial. */
const customerLookupQuery = z
  .object({
    phone: singleLineText(40)
      .refine(
        (phone) => phone.replace(/\D/g, '').length >= 5,
        'a phone number with 5 digits or more',
      )
      .optional(),
    email: singleLineText(254).optional(),
    serial: singleLineText(64).optional(),
  })
  .strict()
  .refine(
    (query) => [query.phone, query.email, query.serial].filter((v) => v !== undefined).length === 1,
    { message: 'give exactly one of phone, email and serial', path: ['(query)'] },
  );

const view360Description =
  'One view of the customer from both systems of record, read at the same time: the CRM part (account, contacts, service level and SLA hours, assets with warranty end and next maintenance, open and recent cases, open opportunities, the last timeline entries) and the ERP part (open balance, overdue invoices, open orders, credit limit, exposure and credit hold). ' +
  'A system that does not answer within CUSTOMER_360_TIMEOUT_MS (2 s), or does not know the customer, leaves its part null and is named in `missing`, e.g. `"erp": null, "missing": [{"system": "erp", "reason": "unavailable"}]` (reasons: `unavailable`, `timeout`, `not-found`); the answer is still 200. ' +
  '404 `customer-not-found` when neither system knows the customer; 503 `customer-360-unavailable` (with `missing` and Retry-After) when neither part could be had and a system did not answer.';

@ApiTags('customers')
@ApiBearerAuth()
@ApiSecurity('api-key')
@ApiUnauthorizedResponse({ description: 'No or an invalid API key' })
@Controller('customers')
export class CustomersController {
  constructor(
    private readonly processes: ProcessService,
    private readonly views: Customer360Service,
  ) {}

  @Get()
  @RequireRoles(...customerViewers)
  @ApiOperation({
    summary: 'Find a caller by phone, e-mail or asset serial number: the customer 360',
    description:
      'Exactly one of `phone` (compared as its digits and a leading +, at least 5 digits; send the + as %2B), `email` (the account’s or a contact’s, any case) and `serial` (a serial number or VIN of one of the customer’s assets). The CRM finds the customer; when it does not know the caller or does not answer, the ERP is asked by e-mail or serial (a phone number only the CRM can resolve: 404, or 503 while the CRM does not answer). ' +
      view360Description,
  })
  @ApiQuery({ name: 'phone', required: false, example: '+49 30 2025 1000' })
  @ApiQuery({ name: 'email', required: false, example: 'grace@hopper.example' })
  @ApiQuery({ name: 'serial', required: false, example: 'SN-PUMP-100-0042' })
  @ApiOkResponse({
    description: 'The customer 360 (a part may be missing, see `missing`)',
    schema: { example: customer360Example },
  })
  @ApiBadRequestResponse({ description: 'Not exactly one of phone, email and serial' })
  @ApiForbiddenResponse({
    description:
      'Needs the role service-agent, service-manager, sales, sales-manager, sales-director, finance, ops or admin',
  })
  @ApiNotFoundResponse({ description: 'No customer matches (customer-not-found)' })
  @ApiServiceUnavailableResponse({
    description: 'Neither part could be had (customer-360-unavailable); Retry-After is set',
  })
  lookup(
    @Query(new ZodValidationPipe(customerLookupQuery)) query: z.infer<typeof customerLookupQuery>,
  ): Promise<Customer360View> {
    return this.views.lookup(query);
  }

  @Get(':customerNo')
  @RequireRoles(...customerViewers)
  @ApiOperation({
    summary: 'The customer 360: CRM and ERP at once',
    description: view360Description,
  })
  @ApiParam({ name: 'customerNo', example: 'C-000042' })
  @ApiOkResponse({
    description: 'The customer 360 (a part may be missing, see `missing`)',
    schema: { example: customer360Example },
  })
  @ApiBadRequestResponse({ description: 'Not a customer number' })
  @ApiForbiddenResponse({
    description:
      'Needs the role service-agent, service-manager, sales, sales-manager, sales-director, finance, ops or admin',
  })
  @ApiNotFoundResponse({ description: 'Neither the CRM nor the ERP knows it (customer-not-found)' })
  @ApiServiceUnavailableResponse({
    description: 'Neither part could be had (customer-360-unavailable); Retry-After is set',
  })
  get(
    @Param('customerNo', new ZodValidationPipe(customerNoParam)) customerNo: string,
  ): Promise<Customer360View> {
    return this.views.byCustomerNo(customerNo);
  }

  @Post(':customerNo/erase')
  @RequireRoles('admin')
  @ApiOperation({
    summary: "Erase a customer's personal data (right to be forgotten)",
    description:
      'Starts the customer-erasure process (202; Location points to it): CRM erases the personal data, ERP replaces the name (invoices and ledger stay, as the law requires), and the customer’s closed process histories are deleted from Temporal. While the customer has running processes it waits with a task for an admin (retry or abort). The same customer again returns the existing erasure (200).',
  })
  @ApiParam({ name: 'customerNo', example: 'C-000042' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['reason'],
      properties: { reason: { type: 'string', maxLength: 500 } },
      example: { reason: 'Erasure request DSR-2026-118 of 2026-11-28' },
    },
  })
  @ApiAcceptedResponse({ description: 'The erasure process started; Location points to it' })
  @ApiOkResponse({ description: 'An erasure of this customer exists; returned as is' })
  @ApiBadRequestResponse({ description: 'Invalid customer number or reason (problem+json)' })
  @ApiForbiddenResponse({ description: 'Needs the admin role' })
  @ApiServiceUnavailableResponse({ description: 'Temporal unreachable; Retry-After is set' })
  @Idempotent()
  async erase(
    @Param('customerNo', new ZodValidationPipe(customerNoParam)) customerNo: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Req() req: LoggedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProcessView> {
    const reason = (body as { reason?: unknown } | undefined)?.reason;
    const { created, process } = await this.processes.start(
      CUSTOMER_ERASURE,
      { customerNo, reason },
      actor,
    );
    req.workflowId = process.id;
    res.status(created ? HttpStatus.ACCEPTED : HttpStatus.OK);
    if (created) res.location(process.links.self);
    return process;
  }
}
