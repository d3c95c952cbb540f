import { Body, Controller, Get, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { type LoggedRequest, ZodValidationPipe } from '@throughline/common';
import { ProcessService, type ProcessTypeView } from './process.service';
import type { ProcessView } from './process.view';

const processTypeParam = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,63}$/, 'a process type such as customer-onboarding');
const processIdParam = z
  .string()
  .min(3)
  .max(300)
  .regex(/^[a-z][a-z0-9-]*:[^\s]+$/, 'a process id such as customer-onboarding:ada@example.com');

const onboardingExample = {
  name: 'Ada Lovelace Ltd',
  email: 'ada@example.com',
  phone: '+44 20 7946 0000',
  kind: 'business',
  address: { line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
};

@ApiTags('processes')
@Controller('processes')
export class ProcessesController {
  constructor(private readonly processes: ProcessService) {}

  @Get('types')
  @ApiOperation({ summary: 'The process types that can be started, with their input schemas' })
  @ApiOkResponse({ description: 'The process catalog' })
  types(): ProcessTypeView[] {
    return this.processes.listTypes();
  }

  @Post(':type')
  @ApiOperation({
    summary: 'Start a process',
    description:
      'The process id derives from the business key in the input (for customer-onboarding, the email). ' +
      'Starting the same business key again returns the existing process with 200, never a second one.',
  })
  @ApiParam({ name: 'type', example: 'customer-onboarding' })
  @ApiBody({ schema: { type: 'object', example: onboardingExample } })
  @ApiCreatedResponse({ description: 'Started; Location points to the process' })
  @ApiOkResponse({ description: 'A process for this business key already exists; returned as is' })
  @ApiBadRequestResponse({ description: 'Invalid input (problem+json with field errors)' })
  @ApiNotFoundResponse({ description: 'Unknown process type' })
  @ApiServiceUnavailableResponse({ description: 'Temporal unreachable; Retry-After is set' })
  async start(
    @Param('type', new ZodValidationPipe(processTypeParam)) type: string,
    @Body() body: unknown,
    @Req() req: LoggedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProcessView> {
    const { created, process } = await this.processes.start(type, body ?? {}, 'anonymous');
    req.workflowId = process.id;
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    if (created) res.location(process.links.self);
    return process;
  }

  @Get(':id')
  @ApiOperation({ summary: 'A process: status, stage, documents, steps and result' })
  @ApiParam({ name: 'id', example: 'customer-onboarding:ada@example.com' })
  @ApiOkResponse({ description: 'The process' })
  @ApiNotFoundResponse({ description: 'No process has this id' })
  async get(
    @Param('id', new ZodValidationPipe(processIdParam)) id: string,
    @Req() req: LoggedRequest,
  ): Promise<ProcessView> {
    req.workflowId = id;
    return this.processes.get(id);
  }
}
