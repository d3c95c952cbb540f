import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
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
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { type Actor, freeText } from '@throughline/contracts';
import {
  CurrentActor,
  type LoggedRequest,
  OpenToPartners,
  ZodValidationPipe,
} from '@throughline/common';
import {
  ApiUpdateUnavailableResponse,
  Idempotent,
  KeyedUpdateId,
} from '../idempotency/idempotency.decorators';
import { type ProcessListQuery, processListQuerySchema } from './process-list.query';
import { type ProcessPage, ProcessService, type ProcessTypeView } from './process.service';
import type { ProcessView } from './process.view';
import { processExample, processPageExample } from './process.examples';

const processTypeParam = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,63}$/, 'a process type such as customer-onboarding');
export const processIdParam = z
  .string()
  .min(3)
  .max(300)
  .regex(/^[a-z][a-z0-9-]*:\S+$/, 'a process id such as customer-onboarding:ada@example.com');
const eventParam = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,63}$/, 'an event name such as quote-accepted');
const cancelBodySchema = z.object({ reason: freeText(500, 3) }).strict();

@ApiTags('processes')
@ApiBearerAuth()
@ApiSecurity('api-key')
@ApiUnauthorizedResponse({ description: 'No or an invalid API key (problem+json)' })
// Dealers' keys too: ProcessService shows and lets them act on their dealer's processes only.
@OpenToPartners()
@Controller('processes')
export class ProcessesController {
  constructor(private readonly processes: ProcessService) {}

  @Get('types')
  @ApiOperation({
    summary: 'The process types: input schema, example, who may start them, their events',
  })
  @ApiOkResponse({ description: 'The process catalog' })
  types(): ProcessTypeView[] {
    return this.processes.listTypes();
  }

  @Get()
  @ApiOperation({
    summary: 'List processes',
    description:
      'Through Temporal visibility, newest first. Filters combine with AND; page with nextPageToken.',
  })
  @ApiQuery({ name: 'type', required: false, example: 'customer-onboarding' })
  @ApiQuery({ name: 'status', required: false, example: 'running' })
  @ApiQuery({ name: 'customerNo', required: false, example: 'C-000042' })
  @ApiQuery({
    name: 'email',
    required: false,
    example: 'ada@example.com',
    description:
      "the processes for this person, matched by the address's keyed hash (SubjectKey); the address itself is stored nowhere in Temporal",
  })
  @ApiQuery({ name: 'stage', required: false, example: 'creating-erp-customer' })
  @ApiQuery({
    name: 'taskRole',
    required: false,
    example: 'sales-manager',
    description: 'has an open task for this role',
  })
  @ApiQuery({ name: 'startedAfter', required: false, example: '2026-11-01T00:00:00Z' })
  @ApiQuery({ name: 'startedBefore', required: false, example: '2026-12-01T00:00:00Z' })
  @ApiQuery({ name: 'limit', required: false, example: 20 })
  @ApiQuery({ name: 'pageToken', required: false })
  @ApiOkResponse({ description: 'A page of processes', schema: { example: processPageExample } })
  @ApiBadRequestResponse({ description: 'Invalid filter (problem+json with field errors)' })
  list(
    @Query(new ZodValidationPipe(processListQuerySchema)) query: ProcessListQuery,
    @CurrentActor() actor: Actor,
  ): Promise<ProcessPage> {
    return this.processes.list(query, actor);
  }

  @Post(':type')
  @ApiOperation({
    summary: 'Start a process',
    description:
      "The process id derives from the business key in the input: a reference (lead to cash's leadRef) or else the keyed hash of the person's e-mail (s-…), never the e-mail itself. " +
      'Starting the same business key again returns the existing process with 200, never a second one.',
  })
  @ApiParam({ name: 'type', example: 'customer-onboarding' })
  @ApiBody({
    description: 'The input of the process type; GET /processes/types has each schema',
    schema: {
      type: 'object',
      example: {
        name: 'Ada Lovelace Ltd',
        email: 'ada@example.com',
        kind: 'business',
        address: {
          line1: '12 St James Square',
          city: 'London',
          postalCode: 'SW1Y 4JH',
          country: 'GB',
        },
      },
    },
  })
  @ApiCreatedResponse({
    description: 'Started; Location points to it',
    schema: { example: processExample },
  })
  @ApiOkResponse({ description: 'A process for this business key exists; returned as is' })
  @ApiBadRequestResponse({ description: 'Invalid input (problem+json with field errors)' })
  @ApiForbiddenResponse({ description: 'The caller may not start this type' })
  @ApiNotFoundResponse({ description: 'Unknown process type' })
  @ApiUnprocessableEntityResponse({
    description: 'The Idempotency-Key was used for another request (idempotency-key-reused)',
  })
  @ApiServiceUnavailableResponse({ description: 'Temporal unreachable; Retry-After is set' })
  @Idempotent()
  async start(
    @Param('type', new ZodValidationPipe(processTypeParam)) type: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Req() req: LoggedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProcessView> {
    const { created, process } = await this.processes.start(type, body, actor);
    req.workflowId = process.id;
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    if (created) res.location(process.links.self);
    return process;
  }

  @Get(':id')
  @ApiOperation({
    summary: 'A process: status, stage, open tasks, documents, steps, audit and result',
  })
  @ApiParam({ name: 'id', example: 'lead-to-cash:web-4711' })
  @ApiOkResponse({ description: 'The process', schema: { example: processExample } })
  @ApiNotFoundResponse({ description: 'No process has this id' })
  get(
    @Param('id', new ZodValidationPipe(processIdParam)) id: string,
    @CurrentActor() actor: Actor,
    @Req() req: LoggedRequest,
  ): Promise<ProcessView> {
    req.workflowId = id;
    return this.processes.get(id, actor);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Ask a process to cancel',
    description:
      'The process decides: before its point of no return it undoes what it did; after, 409.',
  })
  @ApiParam({ name: 'id', example: 'lead-to-cash:L-000042' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['reason'],
      properties: { reason: { type: 'string' } },
      example: { reason: 'Customer withdrew' },
    },
  })
  @ApiAcceptedResponse({ description: 'Accepted; the process is cancelling' })
  @ApiConflictResponse({ description: 'The process can no longer be cancelled, or is closed' })
  @ApiForbiddenResponse({ description: 'The caller may not cancel this type' })
  @ApiNotFoundResponse({ description: 'No process has this id' })
  @ApiUnprocessableEntityResponse({
    description: 'The Idempotency-Key was used for another request (idempotency-key-reused)',
  })
  @ApiUpdateUnavailableResponse()
  @Idempotent()
  cancel(
    @Param('id', new ZodValidationPipe(processIdParam)) id: string,
    @Body(new ZodValidationPipe(cancelBodySchema)) body: z.infer<typeof cancelBodySchema>,
    @CurrentActor() actor: Actor,
    @Req() req: LoggedRequest,
    @KeyedUpdateId() updateId: string | undefined,
  ): Promise<ProcessView> {
    req.workflowId = id;
    return this.processes.cancel(id, body.reason, actor, updateId);
  }

  @Post(':id/events/:event')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Deliver an external event to a process',
    description:
      'Customer accepted a quote, carrier delivered, payment received: each type lists its events in /processes/types.',
  })
  @ApiParam({ name: 'id', example: 'lead-to-cash:L-000042' })
  @ApiParam({ name: 'event', example: 'quote-accepted' })
  @ApiBody({ schema: { type: 'object', example: { acceptedBy: 'Ada Lovelace' } } })
  @ApiAcceptedResponse({ description: 'The process took the event' })
  @ApiBadRequestResponse({ description: 'Invalid payload' })
  @ApiConflictResponse({ description: 'The process cannot take this event now' })
  @ApiNotFoundResponse({ description: 'No such process, or the type takes no such event' })
  @ApiUnprocessableEntityResponse({
    description:
      'The payload does not fit (event-refused), or the Idempotency-Key was used for another request (idempotency-key-reused)',
  })
  @ApiUpdateUnavailableResponse()
  @Idempotent()
  event(
    @Param('id', new ZodValidationPipe(processIdParam)) id: string,
    @Param('event', new ZodValidationPipe(eventParam)) event: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Req() req: LoggedRequest,
    @KeyedUpdateId() updateId: string | undefined,
  ): Promise<ProcessView> {
    req.workflowId = id;
    return this.processes.event(id, event, body, actor, updateId);
  }
}
