import { z } from 'zod';
import {
  codeSchema,
  currencySchema,
  customerNoSchema,
  locationSchema,
  moneySchema,
  pageShape,
  quantitySchema,
  skuSchema,
  textSchema,
} from '../shared/schemas';
import { itemKinds } from './item.entity';

export const createItemSchema = z
  .object({
    sku: skuSchema,
    name: textSchema(200),
    unit: textSchema(10).default('pcs'),
    kind: z.enum(itemKinds).default('stock'),
    standardCostMinor: moneySchema,
    listPriceMinor: moneySchema,
    warrantyMonths: z.number().int().min(0).max(240).default(0),
    serialized: z.boolean().default(false),
    supplier: textSchema(200).optional(),
    leadTimeDays: z.number().int().min(0).max(730).default(0),
  })
  .strict();
export type CreateItemInput = z.infer<typeof createItemSchema>;

export const updateItemSchema = z
  .object({
    name: textSchema(200),
    standardCostMinor: moneySchema,
    listPriceMinor: moneySchema,
    warrantyMonths: z.number().int().min(0).max(240),
    supplier: textSchema(200),
    leadTimeDays: z.number().int().min(0).max(730),
    active: z.boolean(),
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'send at least one field to change');
export type UpdateItemInput = z.infer<typeof updateItemSchema>;

export const itemQuerySchema = z
  .object({
    ...pageShape,
    search: textSchema(100).optional(),
    kind: z.enum(itemKinds).optional(),
    active: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type ItemQuery = z.infer<typeof itemQuerySchema>;

export const describeItemsSchema = z.object({ skus: z.array(skuSchema).min(1).max(200) }).strict();
export type DescribeItemsInput = z.infer<typeof describeItemsSchema>;

export const createWarehouseSchema = z
  .object({
    code: codeSchema,
    name: textSchema(200),
    location: locationSchema,
  })
  .strict();
export type CreateWarehouseInput = z.infer<typeof createWarehouseSchema>;

export const createPriceListSchema = z
  .object({
    code: codeSchema,
    name: textSchema(200),
    currency: currencySchema.optional(),
    isDefault: z.boolean().default(false),
  })
  .strict();
export type CreatePriceListInput = z.infer<typeof createPriceListSchema>;

export const setPriceSchema = z
  .object({
    sku: skuSchema,
    customerNo: customerNoSchema.optional(),
    minQuantity: quantitySchema.default(1),
    unitPriceMinor: moneySchema,
  })
  .strict();
export type SetPriceInput = z.infer<typeof setPriceSchema>;

export const priceLinesSchema = z
  .object({
    customerNo: customerNoSchema.optional(),
    lines: z
      .array(z.object({ sku: skuSchema, quantity: quantitySchema }).strict())
      .min(1)
      .max(200),
  })
  .strict();
export type PriceLinesInput = z.infer<typeof priceLinesSchema>;
