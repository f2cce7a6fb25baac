/** Public surface of the flags domain for other modules (reports, digests, web). */
export * from './flag.types';
export { FlagsModule } from './flags.module';
export { FlagsRepository, type FlagRow, type FlagEventRow } from './flags.repository';
export { FlagsService, toFlagDto } from './flags.service';
export { RuleSetsRepository } from './rule-sets.repository';
export { resolveLang, type Lang } from './i18n';
