import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import {
  ApiKeyRequired,
  CurrentActor,
  openApiSchemaOf,
  type Page,
  Roles,
  ZodValidationPipe,
} from '@throughline/common';
import type { Actor } from '@throughline/contracts';
import {
  createItemSchema,
  createPriceListSchema,
  createWarehouseSchema,
  customerNoSchema,
  ItemService,
  itemQuerySchema,
  MasterDataAdminService,
  pageShape,
  PriceListService,
  PricingService,
  quantitySchema,
  setPriceSchema,
  skuSchema,
  StockService,
  toItemView,
  toPriceListEntryView,
  toPriceListView,
  toStockLevelView,
  toWarehouseView,
  updateItemSchema,
  WarehouseService,
  type CreateItemInput,
  type CreatePriceListInput,
  type CreateWarehouseInput,
  type ItemQuery,
  type ItemView,
  type PricedLine,
  type PriceListEntryView,
  type PriceListView,
  type SetPriceInput,
  type StockLevelView,
  type UpdateItemInput,
  type WarehouseView,
} from '@throughline/erp';

const priceQuerySchema = z
  .object({
    quantity: z.coerce.number().pipe(quantitySchema).default(1),
    customerNo: customerNoSchema.optional(),
  })
  .strict();

const entriesQuerySchema = z
  .object({
    ...pageShape,
    sku: skuSchema.optional(),
    customerNo: customerNoSchema.optional(),
  })
  .strict();

/**
 * Master data: items, warehouses and price lists, with the admin endpoints that create and
 * change them (admin only, each change audited: GET /admin/changes).
 */
@ApiTags('catalog')
@ApiKeyRequired()
@Controller()
export class CatalogController {
  constructor(
    private readonly items: ItemService,
    private readonly warehouses: WarehouseService,
    private readonly priceLists: PriceListService,
    private readonly pricing: PricingService,
    private readonly stock: StockService,
    private readonly admin: MasterDataAdminService,
  ) {}

  @Get('items')
  @ApiQuery({ name: 'search', required: false, description: 'Name or exact sku' })
  @ApiQuery({ name: 'kind', required: false, enum: ['stock', 'service'] })
  @ApiQuery({ name: 'active', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  @ApiOkResponse({ description: 'A page of items by sku' })
  async listItems(
    @Query(new ZodValidationPipe(itemQuerySchema)) query: ItemQuery,
  ): Promise<Page<ItemView>> {
    const { items, total } = await this.items.list(query);
    return { items: items.map(toItemView), total, limit: query.limit, offset: query.offset };
  }

  @Get('items/:sku')
  @ApiOkResponse({ description: 'The item with its stock in every warehouse' })
  async getItem(@Param('sku') sku: string): Promise<ItemView & { stock: StockLevelView[] }> {
    const item = await this.items.get(sku);
    const { items: levels } = await this.stock.levels({ sku, limit: 200, offset: 0 });
    return { ...toItemView(item), stock: levels.map(toStockLevelView) };
  }

  @Get('items/:sku/price')
  @ApiQuery({ name: 'quantity', required: false, example: 1 })
  @ApiQuery({ name: 'customerNo', required: false })
  @ApiOkResponse({
    description: 'The unit price that applies, and whether list, customer or break',
  })
  async priceOf(
    @Param('sku') sku: string,
    @Query(new ZodValidationPipe(priceQuerySchema)) query: z.infer<typeof priceQuerySchema>,
  ): Promise<PricedLine> {
    const priced = await this.pricing.priceLines({
      customerNo: query.customerNo,
      lines: [{ sku, quantity: query.quantity }],
    });
    return priced.lines[0];
  }

  @Post('items')
  @Roles('admin')
  @ApiBody({ schema: openApiSchemaOf(createItemSchema) })
  @ApiCreatedResponse({ description: 'The item was created' })
  @ApiConflictResponse({ description: 'An item with this sku exists' })
  async createItem(
    @Body(new ZodValidationPipe(createItemSchema)) body: CreateItemInput,
    @CurrentActor() actor: Actor,
  ): Promise<ItemView> {
    return toItemView(await this.admin.createItem(body, actor.userId));
  }

  @Patch('items/:sku')
  @Roles('admin')
  @ApiBody({ schema: openApiSchemaOf(updateItemSchema) })
  @ApiOkResponse({ description: 'The item was changed' })
  async updateItem(
    @Param('sku') sku: string,
    @Body(new ZodValidationPipe(updateItemSchema)) body: UpdateItemInput,
    @CurrentActor() actor: Actor,
  ): Promise<ItemView> {
    return toItemView(await this.admin.updateItem(sku, body, actor.userId));
  }

  @Get('warehouses')
  @ApiOkResponse({ description: 'Every warehouse, by code' })
  async listWarehouses(): Promise<Page<WarehouseView>> {
    const warehouses = await this.warehouses.list();
    return {
      items: warehouses.map(toWarehouseView),
      total: warehouses.length,
      limit: warehouses.length,
      offset: 0,
    };
  }

  @Get('warehouses/:code')
  @ApiOkResponse({ description: 'The warehouse' })
  async getWarehouse(@Param('code') code: string): Promise<WarehouseView> {
    return toWarehouseView(await this.warehouses.get(code));
  }

  @Post('warehouses')
  @Roles('admin')
  @ApiBody({ schema: openApiSchemaOf(createWarehouseSchema) })
  @ApiCreatedResponse({ description: 'The warehouse was created' })
  @ApiConflictResponse({ description: 'A warehouse with this code exists' })
  async createWarehouse(
    @Body(new ZodValidationPipe(createWarehouseSchema)) body: CreateWarehouseInput,
    @CurrentActor() actor: Actor,
  ): Promise<WarehouseView> {
    return toWarehouseView(await this.admin.createWarehouse(body, actor.userId));
  }

  @Get('price-lists')
  @ApiOkResponse({ description: 'Every price list' })
  async listPriceLists(): Promise<Page<PriceListView>> {
    const lists = await this.priceLists.list();
    return {
      items: lists.map(toPriceListView),
      total: lists.length,
      limit: lists.length,
      offset: 0,
    };
  }

  @Get('price-lists/:code')
  @ApiQuery({ name: 'sku', required: false })
  @ApiQuery({ name: 'customerNo', required: false })
  @ApiOkResponse({ description: 'The price list and a page of its prices' })
  async getPriceList(
    @Param('code') code: string,
    @Query(new ZodValidationPipe(entriesQuerySchema)) query: z.infer<typeof entriesQuerySchema>,
  ): Promise<PriceListView & { prices: Page<PriceListEntryView> }> {
    const { list, items, total } = await this.priceLists.entries(code, query);
    return {
      ...toPriceListView(list),
      prices: {
        items: items.map(toPriceListEntryView),
        total,
        limit: query.limit,
        offset: query.offset,
      },
    };
  }

  @Post('price-lists')
  @Roles('admin')
  @ApiBody({ schema: openApiSchemaOf(createPriceListSchema) })
  @ApiCreatedResponse({ description: 'The price list was created' })
  async createPriceList(
    @Body(new ZodValidationPipe(createPriceListSchema)) body: CreatePriceListInput,
    @CurrentActor() actor: Actor,
  ): Promise<PriceListView> {
    return toPriceListView(await this.admin.createPriceList(body, actor.userId));
  }

  @Post('price-lists/:code/prices')
  @Roles('admin')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchemaOf(setPriceSchema) })
  @ApiOkResponse({
    description: 'The price is set: list price, quantity break (minQuantity > 1) or customer price',
  })
  async setPrice(
    @Param('code') code: string,
    @Body(new ZodValidationPipe(setPriceSchema)) body: SetPriceInput,
    @CurrentActor() actor: Actor,
  ): Promise<PriceListEntryView> {
    const entry = await this.admin.setPrice(code, body, actor.userId);
    return toPriceListEntryView(entry);
  }
}
