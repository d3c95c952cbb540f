import { type DynamicModule, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Customer } from './customers/customer.entity';
import { CustomerService } from './customers/customer.service';
import { ERP_POLICY, type ErpPolicy } from './erp.policy';

/** ERP domain services; the app provides the MikroORM root for the `erp` schema. */
@Module({})
export class ErpDomainModule {
  static forRoot(policy: ErpPolicy): DynamicModule {
    return {
      module: ErpDomainModule,
      imports: [MikroOrmModule.forFeature([Customer])],
      providers: [{ provide: ERP_POLICY, useValue: policy }, CustomerService],
      exports: [CustomerService],
    };
  }
}
