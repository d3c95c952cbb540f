import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { ApiKeyRequired, type Page, ZodValidationPipe } from '@throughline/common';
import { AssetService, toAssetView, type AssetView } from '@throughline/crm';
import { assetQuerySchema } from './crm-query.schemas';

@ApiTags('assets')
@ApiKeyRequired()
@Controller('assets')
export class AssetsController {
  constructor(private readonly assets: AssetService) {}

  @Get()
  @ApiQuery({
    name: 'search',
    required: false,
    description: 'Serial number / VIN, item name or SKU',
  })
  @ApiQuery({ name: 'customerNo', required: false })
  @ApiQuery({ name: 'sku', required: false })
  @ApiQuery({ name: 'limit', required: false, example: 20 })
  @ApiQuery({ name: 'offset', required: false, example: 0 })
  @ApiOkResponse({ description: 'A page of assets, newest first' })
  async list(
    @Query(new ZodValidationPipe(assetQuerySchema)) query: z.infer<typeof assetQuerySchema>,
  ): Promise<Page<AssetView>> {
    const { items, total } = await this.assets.list(query);
    return {
      items: items.map((asset) => toAssetView(asset)),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  @Get(':serialNo')
  @ApiOkResponse({ description: 'The asset, by serial number / VIN (or id)' })
  @ApiNotFoundResponse({ description: 'No such asset' })
  async get(@Param('serialNo') serialNo: string): Promise<AssetView> {
    return toAssetView(await this.assets.get(serialNo));
  }
}
