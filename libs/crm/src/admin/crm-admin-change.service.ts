import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { AdminChangeLog } from '@throughline/database';
import { CrmAdminChange } from './crm-admin-change.entity';

/** The CRM's audit trail of administrative changes (table `crm.admin_change`). */
@Injectable()
export class CrmAdminChangeService extends AdminChangeLog<CrmAdminChange> {
  constructor(em: EntityManager) {
    super(em, CrmAdminChange);
  }
}
