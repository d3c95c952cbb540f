import { z } from 'zod';
import { ROLES } from '@throughline/contracts';

const keyword = (example: string) =>
  z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9 ._@:-]+$/, `letters, digits and . _ @ : - only, e.g. ${example}`);

/** Filters of GET /processes. */
export const processListQuerySchema = z
  .object({
    type: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,63}$/, 'a process type such as customer-onboarding')
      .optional(),
    status: z
      .enum([
        'running',
        'completed',
        'failed',
        'cancelled',
        'terminated',
        'timed-out',
        'continued-as-new',
      ])
      .optional(),
    customerNo: keyword('C-000042').optional(),
    /** The processes for this person: matched by the keyed hash of the address, never stored. */
    email: z.email('an e-mail address').max(254).optional(),
    stage: keyword('awaiting-payment').optional(),
    taskRole: z.enum(ROLES).optional(),
    startedAfter: z.iso.datetime({ offset: true }).optional(),
    startedBefore: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    pageToken: z
      .string()
      .max(4000)
      .regex(/^[A-Za-z0-9_-]+$/, 'a nextPageToken from a previous page')
      .optional(),
  })
  .strict();

export type ProcessListQuery = z.infer<typeof processListQuerySchema>;
