import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { z } from 'zod';
import {
  type Actor,
  freeText,
  type HumanTask,
  ROLES,
  singleLineText,
  storableJson,
} from '@throughline/contracts';
import { CurrentActor, OpenToPartners, ZodValidationPipe } from '@throughline/common';
import {
  ApiUpdateUnavailableResponse,
  Idempotent,
  KeyedUpdateId,
} from '../idempotency/idempotency.decorators';
import { processIdParam } from '../processes/processes.controller';
import { taskExample } from '../processes/process.examples';
import { TaskService } from './task.service';

const taskListQuerySchema = z
  .object({
    role: z.enum(ROLES).optional(),
    process: processIdParam.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();

const taskIdParam = z
  .string()
  .min(3)
  .max(700)
  .regex(/^[A-Za-z0-9_-]+\.\d+$/, 'a task id from GET /tasks');

const completionSchema = z
  .object({
    decision: singleLineText(50),
    comment: freeText(2000, 0).optional(),
    data: z.record(singleLineText(100, 0), storableJson()).optional(),
  })
  .strict();

@ApiTags('tasks')
@ApiBearerAuth()
@ApiSecurity('api-key')
@ApiUnauthorizedResponse({ description: 'No or an invalid API key (problem+json)' })
// Dealers' keys too: they see no task (an empty list, 404 for any task; TaskService).
@OpenToPartners()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TaskService) {}

  @Get()
  @ApiOperation({
    summary: 'Open tasks',
    description: "Default: tasks for the caller's roles (ops: all), soonest due first.",
  })
  @ApiQuery({ name: 'role', required: false, example: 'sales-manager' })
  @ApiQuery({ name: 'process', required: false, example: 'lead-to-cash:L-000042' })
  @ApiQuery({ name: 'limit', required: false, example: 50 })
  @ApiOkResponse({ description: 'Open tasks', schema: { example: [taskExample] } })
  @ApiForbiddenResponse({ description: 'Asked for a role the caller does not hold' })
  list(
    @Query(new ZodValidationPipe(taskListQuerySchema)) query: z.infer<typeof taskListQuerySchema>,
    @CurrentActor() actor: Actor,
  ): Promise<HumanTask[]> {
    return this.tasks.list(query, actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A task, open or done' })
  @ApiParam({ name: 'id', example: taskExample.id })
  @ApiOkResponse({ description: 'The task', schema: { example: taskExample } })
  @ApiForbiddenResponse({ description: 'The task is for other roles' })
  @ApiNotFoundResponse({ description: 'No such task' })
  get(
    @Param('id', new ZodValidationPipe(taskIdParam)) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<HumanTask> {
    return this.tasks.get(id, actor);
  }

  @Post(':id/complete')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Complete a task',
    description:
      'The process checks task, role and decision, records who and when, and continues exactly once.',
  })
  @ApiParam({ name: 'id', example: taskExample.id })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['decision'],
      properties: {
        decision: { type: 'string' },
        comment: { type: 'string' },
        data: { type: 'object' },
      },
      example: { decision: 'approve', comment: 'Strategic account, margin is fine' },
    },
  })
  @ApiOkResponse({ description: 'The completed task' })
  @ApiBadRequestResponse({ description: 'Invalid body or a decision the task does not offer' })
  @ApiForbiddenResponse({ description: 'The caller does not hold a role of the task' })
  @ApiNotFoundResponse({ description: 'No such task' })
  @ApiConflictResponse({ description: 'The task is already completed or expired' })
  @ApiUnprocessableEntityResponse({
    description: 'The Idempotency-Key was used for another request (idempotency-key-reused)',
  })
  @ApiUpdateUnavailableResponse()
  @Idempotent()
  complete(
    @Param('id', new ZodValidationPipe(taskIdParam)) id: string,
    @Body(new ZodValidationPipe(completionSchema)) body: z.infer<typeof completionSchema>,
    @CurrentActor() actor: Actor,
    @KeyedUpdateId() updateId: string | undefined,
  ): Promise<HumanTask> {
    return this.tasks.complete(id, body, actor, updateId);
  }
}
