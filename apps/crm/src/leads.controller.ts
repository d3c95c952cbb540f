import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import {
  ApiKeyRequired,
  openApiSchemaOf,
  type Page,
  Roles,
  ZodValidationPipe,
} from '@throughline/common';
import { LeadService, toLeadView, type LeadView } from '@throughline/crm';
import { captureLeadSchema } from './crm-body.schemas';
import { leadQuerySchema } from './crm-query.schemas';
import { leadCapturers } from './crm.access';

@ApiTags('leads')
@ApiKeyRequired()
@Controller('leads')
export class LeadsController {
  constructor(private readonly leads: LeadService) {}

  @Post()
  @Roles(...leadCapturers)
  @ApiBody({ schema: openApiSchemaOf(captureLeadSchema) })
  @ApiCreatedResponse({ description: 'A new lead' })
  @ApiOkResponse({ description: 'The open lead with this email (the same lead)' })
  @ApiBadRequestResponse({ description: 'Invalid or unknown fields' })
  async capture(
    @Body(new ZodValidationPipe(captureLeadSchema)) body: z.infer<typeof captureLeadSchema>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LeadView> {
    const { lead, created } = await this.leads.capture(body);
    res.status(created ? 201 : 200).location(`/leads/${lead.id}`);
    return toLeadView(lead);
  }

  @Get()
  @ApiQuery({
    name: 'search',
    required: false,
    description: 'Name, company, email, phone or exact leadNo',
  })
  @ApiQuery({
    name: 'status',
    required: false,
    enum: ['new', 'qualified', 'converted', 'disqualified'],
  })
  @ApiQuery({ name: 'source', required: false, enum: ['web', 'call-center', 'dealer', 'partner'] })
  @ApiQuery({ name: 'limit', required: false, example: 20 })
  @ApiQuery({ name: 'offset', required: false, example: 0 })
  @ApiOkResponse({ description: 'A page of leads, newest first' })
  async list(
    @Query(new ZodValidationPipe(leadQuerySchema)) query: z.infer<typeof leadQuerySchema>,
  ): Promise<Page<LeadView>> {
    const { items, total } = await this.leads.list(query);
    return { items: items.map(toLeadView), total, limit: query.limit, offset: query.offset };
  }

  @Get(':id')
  @ApiOkResponse({ description: 'The lead, by id or leadNo' })
  @ApiNotFoundResponse({ description: 'No such lead' })
  async get(@Param('id') id: string): Promise<LeadView> {
    return toLeadView(await this.leads.get(id));
  }
}
