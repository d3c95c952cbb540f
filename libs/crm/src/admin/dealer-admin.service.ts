import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ChangeSnapshot } from '@throughline/database';
import { Dealer } from '../dealers/dealer.entity';
import { type DealerChange, type DealerInput, DealerService } from '../dealers/dealer.service';
import { toDealerView } from '../dealers/dealer.view';
import { CrmAdminChangeService } from './crm-admin-change.service';

/**
 * The dealer network as administrators maintain it over REST. Dealers decide where service
 * cases are routed, outside any process, so each change is applied together with an audit row
 * (who, when, the dealer before and after) in one transaction.
 */
@Injectable()
export class DealerAdminService {
  constructor(
    private readonly em: EntityManager,
    private readonly changes: CrmAdminChangeService,
    private readonly dealers: DealerService,
  ) {}

  async create(input: DealerInput, actor: string): Promise<Dealer> {
    return this.changes.audited(
      { entityType: 'dealer', entityId: input.code, action: 'create', actor },
      () => this.state(input.code),
      () => this.dealers.create(input),
    );
  }

  /** Changes a dealer, named by code (or id); recorded under its code. */
  async update(codeOrId: string, change: DealerChange, actor: string): Promise<Dealer> {
    const { code } = await this.dealers.get(codeOrId);
    return this.changes.audited(
      { entityType: 'dealer', entityId: code, action: 'update', actor },
      () => this.state(code),
      () => this.dealers.update(code, change),
    );
  }

  /** The dealer as the admin endpoints show it; its row stays locked until the change commits. */
  private async state(code: string): Promise<ChangeSnapshot | null> {
    const dealer = await this.em.findOne(
      Dealer,
      { code },
      { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
    );
    if (!dealer) return null;
    const { id: _id, ...state } = toDealerView(dealer);
    return state;
  }
}
