import type { MigrationInterface } from 'typeorm';
import { InitialSchema1760000000000 } from './1760000000000-initial-schema';
import { Outreach1760000000400 } from './1760000000400-outreach';
import { ServiceRecords1760000000500 } from './1760000000500-service-records';
import { Tickets1760000000700 } from './1760000000700-tickets';
import { Attribution1760000000930 } from './1760000000930-attribution';
import { DemoShop1760000000600 } from './1760000000600-demo-shop';
import { CustomerLifecycle1760000000830 } from './1760000000830-customer-lifecycle';
import { ServiceSessions1760000001000 } from './1760000001000-service-sessions';
import { ConsoleUsers1760000001200 } from './1760000001200-console-users';
import { ConsoleUserStatus1760000001250 } from './1760000001250-console-user-status';
import { SurveyComments1760000001300 } from './1760000001300-survey-comments';
import { AgentInbox1760000001400 } from './1760000001400-agent-inbox';
import { SessionOutcomes1760000001500 } from './1760000001500-session-outcomes';
import { ShopperFeatures1760000001600 } from './1760000001600-shopper-features';
import { KpiRollups1760000001700 } from './1760000001700-kpi-rollups';
import { FlowVersions1760000001800 } from './1760000001800-flow-versions';
import { ExperimentExposures1760000001900 } from './1760000001900-experiment-exposures';

export { InitialSchema1760000000000 } from './1760000000000-initial-schema';
export { Outreach1760000000400 } from './1760000000400-outreach';
export { ServiceRecords1760000000500 } from './1760000000500-service-records';
export { Tickets1760000000700 } from './1760000000700-tickets';
export { Attribution1760000000930 } from './1760000000930-attribution';
export { DemoShop1760000000600 } from './1760000000600-demo-shop';
export { CustomerLifecycle1760000000830 } from './1760000000830-customer-lifecycle';
export { ServiceSessions1760000001000 } from './1760000001000-service-sessions';
export { ConsoleUsers1760000001200 } from './1760000001200-console-users';
export { ConsoleUserStatus1760000001250 } from './1760000001250-console-user-status';
export { SurveyComments1760000001300 } from './1760000001300-survey-comments';
export { AgentInbox1760000001400 } from './1760000001400-agent-inbox';
export { SessionOutcomes1760000001500 } from './1760000001500-session-outcomes';
export { ShopperFeatures1760000001600 } from './1760000001600-shopper-features';
export { KpiRollups1760000001700 } from './1760000001700-kpi-rollups';
export { FlowVersions1760000001800 } from './1760000001800-flow-versions';
export { ExperimentExposures1760000001900 } from './1760000001900-experiment-exposures';

/**
 * Every migration, oldest first. Hand-written with typeorm's Table API so each one runs on
 * SQLite, PostgreSQL and MySQL/MariaDB. Other modules (e.g. outreach) append theirs here.
 */
export const STORE_MIGRATIONS: (new () => MigrationInterface)[] = [
  InitialSchema1760000000000,
  Outreach1760000000400,
  ServiceRecords1760000000500,
  DemoShop1760000000600,
  Tickets1760000000700,
  CustomerLifecycle1760000000830,
  Attribution1760000000930,
  ServiceSessions1760000001000,
  ConsoleUsers1760000001200,
  ConsoleUserStatus1760000001250,
  SurveyComments1760000001300,
  AgentInbox1760000001400,
  SessionOutcomes1760000001500,
  ShopperFeatures1760000001600,
  KpiRollups1760000001700,
  FlowVersions1760000001800,
  ExperimentExposures1760000001900,
];
