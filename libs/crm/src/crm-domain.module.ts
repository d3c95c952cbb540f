import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Account } from './accounts/account.entity';
import { AccountService } from './accounts/account.service';

/** CRM domain services; the app provides the MikroORM root for the `crm` schema. */
@Module({
  imports: [MikroOrmModule.forFeature([Account])],
  providers: [AccountService],
  exports: [AccountService],
})
export class CrmDomainModule {}
