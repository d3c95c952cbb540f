import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { ApiKeyRequired, type Page, ZodValidationPipe } from '@throughline/common';
import { QuoteService, toQuoteView, type QuoteView } from '@throughline/crm';
import { quoteQuerySchema } from './crm-query.schemas';

@ApiTags('quotes')
@ApiKeyRequired()
@Controller('quotes')
export class QuotesController {
  constructor(private readonly quotes: QuoteService) {}

  @Get()
  @ApiQuery({ name: 'search', required: false, description: 'Exact quoteNo or quote key' })
  @ApiQuery({
    name: 'status',
    required: false,
    enum: ['draft', 'pending-approval', 'approved', 'sent', 'accepted', 'rejected', 'expired'],
  })
  @ApiQuery({ name: 'customerNo', required: false })
  @ApiQuery({ name: 'opportunityId', required: false })
  @ApiQuery({ name: 'limit', required: false, example: 20 })
  @ApiQuery({ name: 'offset', required: false, example: 0 })
  @ApiOkResponse({ description: 'A page of quotes, newest first, with their lines' })
  async list(
    @Query(new ZodValidationPipe(quoteQuerySchema)) query: z.infer<typeof quoteQuerySchema>,
  ): Promise<Page<QuoteView>> {
    const { items, total } = await this.quotes.list(query);
    return { items: items.map(toQuoteView), total, limit: query.limit, offset: query.offset };
  }

  @Get(':id')
  @ApiOkResponse({ description: 'The quote (by id or quoteNo) with its lines and approval record' })
  @ApiNotFoundResponse({ description: 'No such quote' })
  async get(@Param('id') id: string): Promise<QuoteView> {
    return toQuoteView(await this.quotes.get(id));
  }
}
