import { z } from 'zod';
import { pageQuerySchema } from '@throughline/common';
import { singleLineText, storableText } from '@throughline/contracts';
import {
  crmAdminEntityTypes,
  caseKinds,
  casePriorities,
  caseStatuses,
  dealerCapabilities,
  isLookupPhone,
  leadSources,
  leadStatuses,
  opportunityStages,
  quoteStatuses,
  serviceLevels,
} from '@throughline/crm';

/** Query strings carry text: `true`/`false` only. */
const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');
const customerNo = z.string().regex(/^C-\d{6,}$/, 'a customerNo such as C-000042');

const pageShape = pageQuerySchema.shape;

export const leadQuerySchema = z
  .object({
    ...pageShape,
    status: z.enum(leadStatuses).optional(),
    source: z.enum(leadSources).optional(),
  })
  .strict();

export const accountQuerySchema = z
  .object({
    ...pageShape,
    serviceLevel: z.enum(serviceLevels).optional(),
    creditHold: booleanQuery.optional(),
  })
  .strict();

export const opportunityQuerySchema = z
  .object({
    ...pageShape,
    stage: z.enum(opportunityStages).optional(),
    customerNo: customerNo.optional(),
  })
  .strict();

export const quoteQuerySchema = z
  .object({
    ...pageShape,
    status: z.enum(quoteStatuses).optional(),
    customerNo: customerNo.optional(),
    opportunityId: z.uuid().optional(),
  })
  .strict();

export const caseQuerySchema = z
  .object({
    ...pageShape,
    status: z.enum(caseStatuses).optional(),
    kind: z.enum(caseKinds).optional(),
    priority: z.enum(casePriorities).optional(),
    customerNo: customerNo.optional(),
    dealerCode: storableText(z.string().max(30), 'single-line').optional(),
  })
  .strict();

export const dealerQuerySchema = z
  .object({
    ...pageShape,
    city: singleLineText(100).optional(),
    capability: z.enum(dealerCapabilities).optional(),
    serviceLevel: z.enum(serviceLevels).optional(),
    active: booleanQuery.optional(),
  })
  .strict();

export const assetQuerySchema = z
  .object({
    ...pageShape,
    customerNo: customerNo.optional(),
    sku: storableText(z.string().max(64), 'single-line').optional(),
  })
  .strict();

export const candidateQuerySchema = z
  .object({
    customerNo,
    capability: z.enum(dealerCapabilities),
    limit: z.coerce.number().int().min(1).max(50).default(5),
  })
  .strict();

export const changeQuerySchema = z
  .object({
    limit: pageShape.limit,
    offset: pageShape.offset,
    entityType: z.enum(crmAdminEntityTypes).optional(),
    entityId: singleLineText(100).optional(),
    actor: singleLineText(100).optional(),
  })
  .strict();

/** The customer profile by exactly one of phone (any formatting), e-mail or asset serial number. */
export const profileLookupQuerySchema = z
  .object({
    phone: singleLineText(40)
      .refine(isLookupPhone, 'a phone number with 5 digits or more')
      .optional(),
    email: singleLineText(254).optional(),
    serialNo: singleLineText(64).optional(),
  })
  .strict()
  .refine(
    (query) =>
      [query.phone, query.email, query.serialNo].filter((v) => v !== undefined).length === 1,
    { message: 'give exactly one of phone, email and serialNo', path: ['(query)'] },
  );
