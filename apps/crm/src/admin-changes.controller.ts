import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { ApiKeyRequired, type Page, Roles, ZodValidationPipe } from '@throughline/common';
import { CrmAdminChangeService, crmAdminEntityTypes } from '@throughline/crm';
import type { AdminChangeView } from '@throughline/database';
import { changeReaders } from './crm.access';
import { changeQuerySchema } from './crm-query.schemas';

/** The audit trail of administrative changes: who changed which record when, before and after. */
@ApiTags('admin')
@ApiKeyRequired()
@Roles(...changeReaders)
@Controller('admin/changes')
export class AdminChangesController {
  constructor(private readonly changes: CrmAdminChangeService) {}

  @Get()
  @ApiQuery({ name: 'entityType', required: false, enum: crmAdminEntityTypes })
  @ApiQuery({
    name: 'entityId',
    required: false,
    description: 'The dealer code',
    example: 'D-BER-01',
  })
  @ApiQuery({ name: 'actor', required: false, description: 'The user who made the change' })
  @ApiQuery({ name: 'limit', required: false, example: 20 })
  @ApiQuery({ name: 'offset', required: false, example: 0 })
  @ApiOkResponse({
    description: 'Administrative changes, newest first, with the dealer as it was and as it became',
    schema: {
      example: {
        items: [
          {
            id: '0b6f…',
            entityType: 'dealer',
            entityId: 'D-BER-01',
            action: 'update',
            actor: 'ada.admin',
            at: '2026-12-02T09:15:00.000Z',
            before: {
              code: 'D-BER-01',
              name: 'Berlin Mitte Service',
              city: 'Berlin',
              latitude: 52.52,
              longitude: 13.405,
              capabilities: ['repair', 'maintenance'],
              serviceLevels: ['standard', 'gold'],
              openCapacity: 3,
              active: true,
            },
            after: {
              code: 'D-BER-01',
              name: 'Berlin Mitte Service',
              city: 'Berlin',
              latitude: 52.52,
              longitude: 13.405,
              capabilities: ['repair', 'maintenance'],
              serviceLevels: ['standard', 'gold'],
              openCapacity: 7,
              active: true,
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
