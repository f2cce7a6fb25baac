import { Module } from '@nestjs/common';
import { FlagsController, RuleSetsController } from './flags.controller';
import { FlagsRepository } from './flags.repository';
import { FlagsService } from './flags.service';
import { PaperworkRepository } from './paperwork.repository';
import { RuleSetsRepository } from './rule-sets.repository';
import { RuleSetsService } from './rule-sets.service';

/** Flags, rule sets and the paperwork catalog. FlagsRepository / FlagsService are for other modules to read flags. */
@Module({
  controllers: [FlagsController, RuleSetsController],
  providers: [FlagsRepository, FlagsService, RuleSetsRepository, RuleSetsService, PaperworkRepository],
  exports: [FlagsRepository, FlagsService, RuleSetsRepository, RuleSetsService, PaperworkRepository],
})
export class FlagsModule {}
