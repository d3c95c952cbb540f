import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiKeyRequired, type Page, Roles, ZodValidationPipe } from '@throughline/common';
import {
  InvariantCheckerService,
  LedgerService,
  pageShape,
  textSchema,
  toJournalEntryView,
  type AccountBalance,
  type InvariantViolation,
  type JournalEntryView,
} from '@throughline/erp';
import { ledgerReaders } from './erp.access';

const entryQuerySchema = z
  .object({
    ...pageShape,
    sourceType: textSchema(30).optional(),
    sourceNo: textSchema(40).optional(),
    account: z
      .string()
      .regex(/^\d{4}$/, 'an account code such as 1100')
      .optional(),
  })
  .strict();

/** The general ledger and the invariant check: finance, ops and auditors (and admin). */
@ApiTags('ledger')
@ApiKeyRequired()
@Roles(...ledgerReaders)
@Controller()
export class LedgerController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly invariants: InvariantCheckerService,
  ) {}

  @Get('ledger/accounts')
  @ApiOkResponse({ description: 'The chart of accounts with debits, credits and balances' })
  async accounts(): Promise<AccountBalance[]> {
    return this.ledger.balances();
  }

  @Get('journal-entries')
  @ApiQuery({ name: 'sourceType', required: false, example: 'invoice' })
  @ApiQuery({ name: 'sourceNo', required: false, example: 'INV-000001' })
  @ApiQuery({ name: 'account', required: false, example: '1100' })
  @ApiOkResponse({ description: 'Journal entries, newest first' })
  async entries(
    @Query(new ZodValidationPipe(entryQuerySchema)) query: z.infer<typeof entryQuerySchema>,
  ): Promise<Page<JournalEntryView>> {
    const { items, total } = await this.ledger.list(query);
    return {
      items: items.map(toJournalEntryView),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  @Get('journal-entries/:entryNo')
  @ApiOkResponse({ description: 'The journal entry with its lines' })
  async entry(@Param('entryNo') entryNo: string): Promise<JournalEntryView> {
    return toJournalEntryView(await this.ledger.get(entryNo));
  }

  @Get('admin/invariants')
  @ApiOkResponse({ description: 'The invariant check: ok, or what is broken' })
  async checkInvariants(): Promise<{
    ok: boolean;
    checked: string[];
    violations: InvariantViolation[];
  }> {
    const violations = await this.invariants.check();
    return { ok: violations.length === 0, checked: this.invariants.names, violations };
  }
}
