import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiKeyRequired, type Page, Roles, ZodValidationPipe } from '@throughline/common';
import type { AdminChangeView } from '@throughline/database';
import {
  ErpAdminChangeService,
  erpAdminEntityTypes,
  pageShape,
  textSchema,
} from '@throughline/erp';
import { changeReaders } from './erp.access';

const changeQuerySchema = z
  .object({
    ...pageShape,
    entityType: z.enum(erpAdminEntityTypes).optional(),
    entityId: textSchema(100).optional(),
    actor: textSchema(100).optional(),
  })
  .strict();

/** The audit trail of administrative changes: who changed which record when, before and after. */
@ApiTags('admin')
@ApiKeyRequired()
@Roles(...changeReaders)
@Controller('admin/changes')
export class AdminChangesController {
  constructor(private readonly changes: ErpAdminChangeService) {}

  @Get()
  @ApiQuery({ name: 'entityType', required: false, enum: erpAdminEntityTypes })
  @ApiQuery({
    name: 'entityId',
    required: false,
    description: 'customerNo, sku, warehouse or price list code; `<sku>@<warehouse>` for stock',
    example: 'C-000023',
  })
  @ApiQuery({ name: 'actor', required: false, description: 'The user who made the change' })
  @ApiQuery({ name: 'limit', required: false, example: 20 })
  @ApiQuery({ name: 'offset', required: false, example: 0 })
  @ApiOkResponse({
    description: 'Administrative changes, newest first, with the record as it was and as it became',
    schema: {
      example: {
        items: [
          {
            id: '5d1e…',
            entityType: 'customer',
            entityId: 'C-000023',
            action: 'update',
            actor: 'ada.admin',
            at: '2026-12-02T09:15:00.000Z',
            before: {
              paymentTermsDays: 30,
              creditLimitMinor: 5000000,
              currency: 'EUR',
              priceListCode: null,
            },
            after: {
              paymentTermsDays: 30,
              creditLimitMinor: 5000001,
              currency: 'EUR',
              priceListCode: null,
            },
          },
        ],
        total: 1,
        limit: 20,
        offset: 0,
      },
    },
  })
  async list(
    @Query(new ZodValidationPipe(changeQuerySchema)) query: z.infer<typeof changeQuerySchema>,
  ): Promise<Page<AdminChangeView>> {
    const { items, total } = await this.changes.list(query);
    return { items, total, limit: query.limit, offset: query.offset };
  }
}
