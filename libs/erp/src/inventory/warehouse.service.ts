import { Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { NotFoundError } from '@throughline/common';
import type { CreateWarehouseInput } from '../catalog/catalog.schemas';
import { AlreadyExistsError } from '../shared/erp.errors';
import { Warehouse } from './warehouse.entity';

@Injectable()
export class WarehouseService {
  constructor(private readonly em: EntityManager) {}

  async create(input: CreateWarehouseInput): Promise<Warehouse> {
    const warehouse = this.em.create(Warehouse, input);
    try {
      await this.em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        this.em.clear();
        throw new AlreadyExistsError('warehouse', input.code);
      }
      throw error;
    }
    return warehouse;
  }

  async get(code: string): Promise<Warehouse> {
    const warehouse = await this.em.findOne(Warehouse, { code });
    if (!warehouse) throw new NotFoundError('warehouse', code);
    return warehouse;
  }

  async list(): Promise<Warehouse[]> {
    return this.em.find(Warehouse, {}, { orderBy: { code: 'asc' } });
  }
}
