import { Body, Controller, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiSecurity,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { type Actor, CUSTOMER_ERASURE } from '@throughline/contracts';
import {
  CurrentActor,
  type LoggedRequest,
  RequireRoles,
  ZodValidationPipe,
} from '@throughline/common';
import { Idempotent } from '../idempotency/idempotency.decorators';
import { ProcessService } from '../processes/process.service';
import type { ProcessView } from '../processes/process.view';

const customerNoParam = z.string().regex(/^C-\d{6,}$/, 'a customer number such as C-000042');

@ApiTags('customers')
@ApiBearerAuth()
@ApiSecurity('api-key')
@ApiUnauthorizedResponse({ description: 'No or an invalid API key' })
@Controller('customers')
export class CustomersController {
  constructor(private readonly processes: ProcessService) {}

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
