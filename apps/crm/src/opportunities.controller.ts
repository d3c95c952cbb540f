import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { ApiKeyRequired, type Page, ZodValidationPipe } from '@throughline/common';
import {
  OpportunityService,
  QuoteService,
  toOpportunityView,
  toQuoteView,
  type OpportunityView,
  type QuoteView,
} from '@throughline/crm';
import { opportunityQuerySchema } from './crm-query.schemas';

@ApiTags('opportunities')
@ApiKeyRequired()
@Controller('opportunities')
export class OpportunitiesController {
  constructor(
    private readonly opportunities: OpportunityService,
    private readonly quotes: QuoteService,
  ) {}

  @Get()
  @ApiQuery({
    name: 'search',
    required: false,
    description: 'Title, account name or exact opportunityNo',
  })
  @ApiQuery({
    name: 'stage',
    required: false,
    enum: ['qualification', 'proposal', 'negotiation', 'won', 'lost'],
  })
  @ApiQuery({ name: 'customerNo', required: false })
  @ApiQuery({ name: 'limit', required: false, example: 20 })
  @ApiQuery({ name: 'offset', required: false, example: 0 })
  @ApiOkResponse({ description: 'A page of opportunities, newest first' })
  async list(
    @Query(new ZodValidationPipe(opportunityQuerySchema))
    query: z.infer<typeof opportunityQuerySchema>,
  ): Promise<Page<OpportunityView>> {
    const { items, total } = await this.opportunities.list(query);
    return { items: items.map(toOpportunityView), total, limit: query.limit, offset: query.offset };
  }

  @Get(':id')
  @ApiOkResponse({ description: 'The opportunity (by id or opportunityNo) with its quotes' })
  @ApiNotFoundResponse({ description: 'No such opportunity' })
  async get(@Param('id') id: string): Promise<OpportunityView & { quotes: QuoteView[] }> {
    const opportunity = await this.opportunities.get(id);
    const { items } = await this.quotes.list({
      opportunityId: opportunity.id,
      limit: 100,
      offset: 0,
    });
    return { ...toOpportunityView(opportunity), quotes: items.map(toQuoteView) };
  }
}
