import { Foundation1764300000000 } from './1764300000000-Foundation';
import { DomainEvents1764300050000 } from './1764300050000-DomainEvents';
import { VolumeWatch1764300200000 } from './1764300200000-VolumeWatch';
import { ReportsWebhooksDigests1764300300000 } from './1764300300000-ReportsWebhooksDigests';
import { Accounts1764300400000 } from './1764300400000-Accounts';
import { WatchChunks1764300500000 } from './1764300500000-WatchChunks';
import { SignalsFromOrders1764300600000 } from './1764300600000-SignalsFromOrders';
import { LoginThrottle1764300731000 } from './1764300731000-LoginThrottle';
import { RuleSetV21764301400000 } from './1764301400000-RuleSetV2';
import { ExportLadder1764301500000 } from './1764301500000-ExportLadder';
import { Casework1764301690000 } from './1764301690000-Casework';
import { PathwayRungs1764301680001 } from './1764301680001-PathwayRungs';
import { JointExport1764301700000 } from './1764301700000-JointExport';
import { WeeklyJointExport1764301700016 } from './1764301700016-WeeklyJointExport';
import { IncrementalWatch1764301720000 } from './1764301720000-IncrementalWatch';
import { PairStatistics1764301740000 } from './1764301740000-PairStatistics';

/** Every migration, in order. Listed explicitly so the app, the CLI and the tests load the same set. */
export const MIGRATIONS = [
  Foundation1764300000000,
  DomainEvents1764300050000,
  VolumeWatch1764300200000,
  ReportsWebhooksDigests1764300300000,
  Accounts1764300400000,
  WatchChunks1764300500000,
  SignalsFromOrders1764300600000,
  LoginThrottle1764300731000,
  RuleSetV21764301400000,
  ExportLadder1764301500000,
  PathwayRungs1764301680001,
  Casework1764301690000,
  JointExport1764301700000,
  WeeklyJointExport1764301700016,
  IncrementalWatch1764301720000,
  PairStatistics1764301740000,
];
