import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { ApiKeyRequired, type Page, ZodValidationPipe } from '@throughline/common';
import { ServiceCaseService, toServiceCaseView, type ServiceCaseView } from '@throughline/crm';
import { caseQuerySchema } from './crm-query.schemas';

@ApiTags('cases')
@ApiKeyRequired()
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: ServiceCaseService) {}

  @Get()
  @ApiQuery({
    name: 'search',
    required: false,
    description: 'Exact caseNo or words of the symptom',
  })
  @ApiQuery({
    name: 'status',
    required: false,
    enum: ['open', 'assigned', 'in-progress', 'resolved', 'closed'],
  })
  @ApiQuery({
    name: 'kind',
    required: false,
    enum: ['repair', 'maintenance', 'warranty-claim', 'complaint'],
  })
  @ApiQuery({ name: 'priority', required: false, enum: ['low', 'normal', 'high', 'urgent'] })
  @ApiQuery({ name: 'customerNo', required: false })
  @ApiQuery({ name: 'dealerCode', required: false })
  @ApiQuery({ name: 'limit', required: false, example: 20 })
  @ApiQuery({ name: 'offset', required: false, example: 0 })
  @ApiOkResponse({ description: 'A page of service cases, newest first' })
  async list(
    @Query(new ZodValidationPipe(caseQuerySchema)) query: z.infer<typeof caseQuerySchema>,
  ): Promise<Page<ServiceCaseView>> {
    const { items, total } = await this.cases.list(query);
    return { items: items.map(toServiceCaseView), total, limit: query.limit, offset: query.offset };
  }

  @Get(':id')
  @ApiOkResponse({ description: 'The case, by id or caseNo' })
  @ApiNotFoundResponse({ description: 'No such case' })
  async get(@Param('id') id: string): Promise<ServiceCaseView> {
    return toServiceCaseView(await this.cases.get(id));
  }
}
