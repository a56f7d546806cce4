import type { DataSource } from 'typeorm';
import { ExperimentExposureEntity } from '../store/entities/experiment-exposure.entity';
import { OrderAttributionEntity } from '../store/entities/order-attribution.entity';
import { ServiceSessionEntity } from '../store/entities/service-session.entity';
import { SurveyResponseEntity } from '../store/entities/survey-response.entity';
import { StoreRunner } from '../store/store-runner';

/** What happened to exposed shoppers after their exposure: each row a shopper and a time. */
export interface ExposedOutcomes {
  /** Paid orders credited by attribution (docs/attribution.md) to outreach, a coupon or a product, paid at or after the exposure. */
  orders: { userId: string; at: number }[];
  /** CSAT answers (1–5) given at or after the exposure. */
  ratings: { userId: string; at: number; score: number }[];
  /** Labelled service sessions still going at or after the exposure (`started` is their start). */
  sessions: { userId: string; at: number; resolved: boolean }[];
}

/** A raw date column: a Date (PostgreSQL, MySQL) or typeorm's UTC text on SQLite. */
export function timeOf(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  const s = String(v);
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
}

/**
 * Reads the outcomes of an experiment's exposed shoppers from the KPI tables: conversion from `kefu_order_attribution`,
 * CSAT from `kefu_survey_response`, resolution from the outcomes of `kefu_service_session` (docs/kpis.md). Each join
 * keeps only rows at or after the shopper's exposure; the window is applied by the caller.
 *
 * @example
 * const outcomes = await new ExposedOutcomeReader(dataSource).read('welcome_copy');
 */
export class ExposedOutcomeReader {
  private readonly runner: StoreRunner;

  constructor(store: DataSource | StoreRunner) {
    this.runner = store instanceof StoreRunner ? store : new StoreRunner(store);
  }

  async read(experimentId: string): Promise<ExposedOutcomes> {
    return this.runner.read(async (em) => {
      const base = () =>
        em
          .createQueryBuilder(ExperimentExposureEntity, 'e')
          .select('e.userId', 'userId')
          .where('e.experimentId = :id', { id: experimentId });
      const orders = await base()
        // `assisted` credits (a chat shortly before paying, nothing shown that was bought) are no conversion (docs/attribution.md)
        .innerJoin(OrderAttributionEntity, 'a', "a.userId = e.userId AND a.paidAt >= e.exposedAt AND a.credit <> 'assisted'")
        .addSelect('a.paidAt', 'at')
        .getRawMany<{ userId: string; at: unknown }>();
      const ratings = await base()
        .innerJoin(SurveyResponseEntity, 's', "s.userId = e.userId AND s.kind = 'csat' AND s.createdAt >= e.exposedAt")
        .addSelect('s.createdAt', 'at')
        .addSelect('s.score', 'score')
        .getRawMany<{ userId: string; at: unknown; score: unknown }>();
      const sessions = await base()
        .innerJoin(
          ServiceSessionEntity,
          'ss',
          "ss.userId = e.userId AND ss.lastAt >= e.exposedAt AND ss.outcome IN ('resolved', 'escalated', 'abandoned', 'unresolved')",
        )
        .addSelect('ss.startedAt', 'at')
        .addSelect('ss.outcome', 'outcome')
        .getRawMany<{ userId: string; at: unknown; outcome: string }>();
      return {
        orders: orders.map((r) => ({ userId: r.userId, at: timeOf(r.at) })),
        ratings: ratings.map((r) => ({ userId: r.userId, at: timeOf(r.at), score: Number(r.score) })),
        sessions: sessions.map((r) => ({ userId: r.userId, at: timeOf(r.at), resolved: r.outcome === 'resolved' })),
      };
    });
  }
}
