import { Module } from '@nestjs/common';
import { FlagsModule } from '../flags/flags.module';
import { PathwayController } from './pathway.controller';
import { PathwayRepository } from './pathway.repository';
import { PathwayService } from './pathway.service';

/** The export ladder: each business × market's rung as of a date, and what the next rung takes. */
@Module({
  imports: [FlagsModule],
  controllers: [PathwayController],
  providers: [PathwayRepository, PathwayService],
  exports: [PathwayRepository, PathwayService],
})
export class PathwayModule {}
