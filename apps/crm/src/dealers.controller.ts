import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { z } from 'zod';
import { type Actor } from '@throughline/contracts';
import {
  ApiKeyRequired,
  CurrentActor,
  openApiSchemaOf,
  type Page,
  Roles,
  ZodValidationPipe,
} from '@throughline/common';
import {
  DealerAdminService,
  DealerService,
  toDealerCandidateView,
  toDealerView,
  type DealerCandidateView,
  type DealerView,
} from '@throughline/crm';
import { createDealerSchema, updateDealerSchema } from './crm-body.schemas';
import { candidateQuerySchema, dealerQuerySchema } from './crm-query.schemas';

@ApiTags('dealers')
@ApiKeyRequired()
@Controller('dealers')
export class DealersController {
  constructor(private readonly dealers: DealerService) {}

  @Get()
  @ApiQuery({ name: 'search', required: false, description: 'Name or code' })
  @ApiQuery({ name: 'city', required: false })
  @ApiQuery({
    name: 'capability',
    required: false,
    enum: ['repair', 'maintenance', 'warranty-claim', 'complaint'],
  })
  @ApiQuery({ name: 'serviceLevel', required: false, enum: ['standard', 'gold', 'platinum'] })
  @ApiQuery({ name: 'active', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'limit', required: false, example: 20 })
  @ApiQuery({ name: 'offset', required: false, example: 0 })
  @ApiOkResponse({ description: 'A page of dealers by code' })
  async list(
    @Query(new ZodValidationPipe(dealerQuerySchema)) query: z.infer<typeof dealerQuerySchema>,
  ): Promise<Page<DealerView>> {
    const { items, total } = await this.dealers.list(query);
    return { items: items.map(toDealerView), total, limit: query.limit, offset: query.offset };
  }

  @Get('candidates')
  @ApiQuery({ name: 'customerNo', required: true })
  @ApiQuery({
    name: 'capability',
    required: true,
    enum: ['repair', 'maintenance', 'warranty-claim', 'complaint'],
  })
  @ApiQuery({ name: 'limit', required: false, example: 5 })
  @ApiOkResponse({
    description: 'Dealers that may serve the customer, nearest first, with the distance in km',
  })
  async candidates(
    @Query(new ZodValidationPipe(candidateQuerySchema)) query: z.infer<typeof candidateQuerySchema>,
  ): Promise<DealerCandidateView[]> {
    const { ranked } = await this.dealers.candidates(query);
    return ranked.map((r) => toDealerCandidateView(r.dealer, r.distanceKm));
  }

  @Get(':code')
  @ApiOkResponse({ description: 'The dealer, by code (or id)' })
  @ApiNotFoundResponse({ description: 'No such dealer' })
  async get(@Param('code') code: string): Promise<DealerView> {
    return toDealerView(await this.dealers.get(code));
  }
}

/**
 * Maintaining the dealer network (administrators only): dealers decide where service cases go,
 * outside any process, so every change is audited (GET /admin/changes?entityType=dealer).
 */
@ApiTags('admin')
@ApiKeyRequired()
@Roles('admin')
@Controller('admin/dealers')
export class DealerAdminController {
  constructor(private readonly dealers: DealerAdminService) {}

  @Post()
  @HttpCode(201)
  @ApiBody({ schema: openApiSchemaOf(createDealerSchema) })
  @ApiCreatedResponse({ description: 'The new dealer' })
  @ApiBadRequestResponse({ description: 'Invalid or unknown fields' })
  @ApiConflictResponse({ description: 'A dealer with this code exists' })
  async create(
    @Body(new ZodValidationPipe(createDealerSchema)) body: z.infer<typeof createDealerSchema>,
    @CurrentActor() actor: Actor,
  ): Promise<DealerView> {
    return toDealerView(await this.dealers.create(body, actor.userId));
  }

  @Patch(':code')
  @ApiBody({ schema: openApiSchemaOf(updateDealerSchema) })
  @ApiOkResponse({ description: 'The changed dealer' })
  @ApiBadRequestResponse({ description: 'Invalid or unknown fields' })
  @ApiNotFoundResponse({ description: 'No such dealer' })
  async update(
    @Param('code') code: string,
    @Body(new ZodValidationPipe(updateDealerSchema)) body: z.infer<typeof updateDealerSchema>,
    @CurrentActor() actor: Actor,
  ): Promise<DealerView> {
    return toDealerView(await this.dealers.update(code, body, actor.userId));
  }
}
