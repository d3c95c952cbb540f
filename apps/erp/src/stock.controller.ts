import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
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
  codeSchema,
  documentNoSchema,
  keySchema,
  MasterDataAdminService,
  moneySchema,
  movementTypes,
  pageShape,
  reservationStatuses,
  ReservationService,
  skuSchema,
  StockService,
  freeTextSchema,
  textSchema,
  toReservationView,
  toStockLedgerEntryView,
  toStockLevelView,
  type ReservationView,
  type StockLedgerEntryView,
  type StockLevelView,
} from '@throughline/erp';

const levelQuerySchema = z
  .object({ ...pageShape, sku: skuSchema.optional(), warehouseCode: codeSchema.optional() })
  .strict();

const ledgerQuerySchema = levelQuerySchema
  .extend({
    movementType: z.enum(movementTypes).optional(),
    sourceNo: textSchema(40).optional(),
  })
  .strict();

const reservationQuerySchema = levelQuerySchema
  .extend({
    orderNo: documentNoSchema.optional(),
    status: z.enum(reservationStatuses).optional(),
  })
  .strict();

const adjustmentSchema = z
  .object({
    /** Idempotency key, e.g. the stock count's id: the same adjustment twice is one. */
    adjustmentKey: keySchema,
    sku: skuSchema,
    warehouseCode: codeSchema,
    /** Units in (positive) or out (negative); never zero. */
    quantity: z
      .number()
      .int()
      .min(-1_000_000)
      .max(1_000_000)
      .refine((q) => q !== 0, 'units in (positive) or out (negative), not zero'),
    unitCostMinor: moneySchema.optional(),
    reason: freeTextSchema(300),
  })
  .strict();

@ApiTags('stock')
@ApiKeyRequired()
@Controller()
export class StockController {
  constructor(
    private readonly stock: StockService,
    private readonly reservations: ReservationService,
    private readonly admin: MasterDataAdminService,
  ) {}

  @Get('stock-levels')
  @ApiQuery({ name: 'sku', required: false })
  @ApiQuery({ name: 'warehouseCode', required: false })
  @ApiOkResponse({ description: 'On hand, reserved and available per item and warehouse' })
  async levels(
    @Query(new ZodValidationPipe(levelQuerySchema)) query: z.infer<typeof levelQuerySchema>,
  ): Promise<Page<StockLevelView>> {
    const { items, total } = await this.stock.levels(query);
    return { items: items.map(toStockLevelView), total, limit: query.limit, offset: query.offset };
  }

  @Get('stock-ledger')
  @ApiQuery({ name: 'sku', required: false })
  @ApiQuery({ name: 'warehouseCode', required: false })
  @ApiQuery({ name: 'movementType', required: false, enum: movementTypes })
  @ApiQuery({ name: 'sourceNo', required: false })
  @ApiOkResponse({ description: 'Stock movements, newest first' })
  async ledger(
    @Query(new ZodValidationPipe(ledgerQuerySchema)) query: z.infer<typeof ledgerQuerySchema>,
  ): Promise<Page<StockLedgerEntryView>> {
    const { items, total } = await this.stock.ledger(query);
    return {
      items: items.map(toStockLedgerEntryView),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  /** Moves stock and the ledger without a document: admin only, audited on the stock level. */
  @Post('stock-adjustments')
  @Roles('admin')
  @ApiBody({ schema: openApiSchemaOf(adjustmentSchema) })
  @ApiCreatedResponse({
    description:
      'The stock movement; posts Dr Inventory / Cr Inventory Adjustments (or the reverse)',
  })
  async adjust(
    @Body(new ZodValidationPipe(adjustmentSchema)) body: z.infer<typeof adjustmentSchema>,
    @CurrentActor() actor: Actor,
  ): Promise<StockLedgerEntryView> {
    return toStockLedgerEntryView(await this.admin.adjustStock(body, actor.userId));
  }

  @Get('reservations')
  @ApiQuery({ name: 'orderNo', required: false })
  @ApiQuery({ name: 'sku', required: false })
  @ApiQuery({ name: 'warehouseCode', required: false })
  @ApiQuery({ name: 'status', required: false, enum: reservationStatuses })
  @ApiOkResponse({ description: 'Reservations, newest first' })
  async listReservations(
    @Query(new ZodValidationPipe(reservationQuerySchema))
    query: z.infer<typeof reservationQuerySchema>,
  ): Promise<Page<ReservationView>> {
    const { items, total } = await this.reservations.list(query);
    return { items: items.map(toReservationView), total, limit: query.limit, offset: query.offset };
  }
}
