import { randomUUID } from 'node:crypto';
import { OptionalProps, type Rel } from '@mikro-orm/core';
import {
  Check,
  Entity,
  ManyToOne,
  PrimaryKey,
  Property,
  Unique,
} from '@mikro-orm/decorators/legacy';
import { Item } from '../catalog/item.entity';
import { WorkOrder } from './work-order.entity';

@Entity({ tableName: 'work_order_part' })
@Unique({ name: 'work_order_part_work_order_line_unique', properties: ['workOrder', 'lineNo'] })
@Check({
  name: 'work_order_part_quantities_check',
  expression: 'quantity >= 0 and quantity_used >= 0',
})
export class WorkOrderPart {
  [OptionalProps]?: 'quantityUsed';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => WorkOrder)
  workOrder!: Rel<WorkOrder>;

  @Property({ type: 'integer' })
  lineNo!: number;

  @ManyToOne(() => Item)
  item!: Rel<Item>;

  @Property({ type: 'string', length: 40 })
  sku!: string;

  /** Planned quantity (reserved at creation); 0 for a part added only at completion. */
  @Property({ type: 'integer' })
  quantity!: number;

  @Property({ type: 'integer' })
  quantityUsed = 0;
}
