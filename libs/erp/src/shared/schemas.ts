import { z } from 'zod';
import { pageQuerySchema } from '@throughline/common';
import { freeText, singleLineText } from '@throughline/contracts';
import { isIsoDate } from './dates.rule';

/** Field schemas shared by REST bodies and activity inputs. */
export const skuSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash and underscore');
export const codeSchema = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .regex(/^[A-Z0-9][A-Z0-9_-]*$/, 'upper-case letters, digits, dash and underscore');
export const customerNoSchema = singleLineText(20);
export const documentNoSchema = singleLineText(20);
export const keySchema = singleLineText(100);
export const quantitySchema = z.number().int().positive().max(1_000_000);
export const moneySchema = z.number().int().min(0).max(1_000_000_000_000);
export const positiveMoneySchema = z.number().int().positive().max(1_000_000_000_000);
export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');
export const isoDateSchema = z.string().refine(isIsoDate, 'a date as YYYY-MM-DD');
/** One line: names, references, carriers, serials, address lines (no control characters). */
export const textSchema = (max: number) => singleLineText(max);
/** What people write (reasons, descriptions): tab and line breaks allowed, no other control character. */
export const freeTextSchema = (max: number) => freeText(max);
export const percentSchema = z.number().min(0).max(100);
/** A rate or discount in integer basis points, 0..10000 (100 %). */
export const basisPointsSchema = z.number().int().min(0).max(10_000);

export const locationSchema = z
  .object({
    line1: textSchema(200),
    city: textSchema(100),
    postalCode: textSchema(20),
    country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 alpha-2 code such as DE'),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
  })
  .strict();

export type LocationInput = z.infer<typeof locationSchema>;

/** Query of list endpoints: paging plus the filters each endpoint adds. */
export const pageShape = {
  limit: pageQuerySchema.shape.limit,
  offset: pageQuerySchema.shape.offset,
};
