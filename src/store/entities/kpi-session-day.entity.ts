import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Service-session and survey counts of one shop-local day on one channel (table `kefu_kpi_session_day`), summed
 * from `kefu_service_session` and `kefu_survey_response` by the daily roll-up (src/kpis/day-rollup.ts). Every
 * column adds up across days and channels.
 */
@Entity({ name: 'kefu_kpi_session_day' })
export class KpiSessionDayEntity {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  day: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  channel: string;

  @Column({ type: 'integer' }) sessions: number;
  @Column({ type: 'integer' }) answered: number;
  @Column({ name: 'handed_off', type: 'integer' }) handedOff: number;
  @Column({ type: 'integer' }) tickets: number;
  @Column({ type: 'integer' }) escalated: number;
  @Column({ name: 'bot_resolved', type: 'integer' }) botResolved: number;
  @Column({ type: 'integer' }) fcr: number;
  @Column({ type: 'integer' }) converted: number;
  @Column({ type: 'integer' }) labelled: number;
  @Column({ name: 'o_resolved', type: 'integer' }) outcomeResolved: number;
  @Column({ name: 'o_escalated', type: 'integer' }) outcomeEscalated: number;
  @Column({ name: 'o_abandoned', type: 'integer' }) outcomeAbandoned: number;
  @Column({ name: 'o_unresolved', type: 'integer' }) outcomeUnresolved: number;
  @Column({ name: 'csat_responses', type: 'integer' }) csatResponses: number;
  @Column({ name: 'csat_satisfied', type: 'integer' }) csatSatisfied: number;
  @Column({ name: 'nps_responses', type: 'integer' }) npsResponses: number;
  @Column({ type: 'integer' }) promoters: number;
  @Column({ type: 'integer' }) detractors: number;
}
