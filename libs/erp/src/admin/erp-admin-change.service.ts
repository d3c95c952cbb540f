import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { AdminChangeLog } from '@throughline/database';
import { ErpAdminChange } from './erp-admin-change.entity';

/** The ERP's audit trail of administrative changes (table `erp.admin_change`). */
@Injectable()
export class ErpAdminChangeService extends AdminChangeLog<ErpAdminChange> {
  constructor(em: EntityManager) {
    super(em, ErpAdminChange);
  }
}
