import { Module } from '@nestjs/common';
import { BusinessesModule } from '../businesses/businesses.module';
import { RatesModule } from '../rates/rates.module';
import { OrderAdviceService } from './order-advice.service';
import { OrderImportsRepository } from './order-imports.repository';
import { OrdersController } from './orders.controller';
import { OrdersRepository } from './orders.repository';
import { OrdersService } from './orders.service';

@Module({
  imports: [BusinessesModule, RatesModule],
  controllers: [OrdersController],
  providers: [OrdersService, OrdersRepository, OrderImportsRepository, OrderAdviceService],
  exports: [OrdersService, OrdersRepository],
})
export class OrdersModule {}
