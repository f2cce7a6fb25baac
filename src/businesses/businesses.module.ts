import { Module } from '@nestjs/common';
import { BusinessesController } from './businesses.controller';
import { BusinessesRepository } from './businesses.repository';
import { BusinessesService } from './businesses.service';
import { DocumentsController } from './documents.controller';
import { DocumentsRepository } from './documents.repository';
import { DocumentsService } from './documents.service';

@Module({
  controllers: [BusinessesController, DocumentsController],
  providers: [BusinessesService, BusinessesRepository, DocumentsService, DocumentsRepository],
  exports: [BusinessesService, BusinessesRepository, DocumentsService],
})
export class BusinessesModule {}
