import type { ActionHandler, ActionRegistry } from '../engine-types';
import { complaintRecord } from './complaint-record';
import { couponIssue } from './coupon-issue';
import { couponList } from './coupon-list';
import { handoffHuman } from './handoff-human';
import { invoiceRequest } from './invoice-request';
import { logisticsTrack } from './logistics-track';
import { orderChange } from './order-change';
import { orderLatest } from './order-latest';
import { orderList } from './order-list';
import { orderLookup } from './order-lookup';
import { productRecommend } from './product-recommend';
import { productSearch } from './product-search';
import { productStock } from './product-stock';
import { returnOrders } from './return-orders';
import { returnRequest } from './return-request';
import { MemoryServiceRecords, type ServiceRecords } from './service-records';
import { serviceStatus } from './service-status';
import { surveyComment } from './survey-comment';
import { surveyDue } from './survey-due';
import { surveyRecord } from './survey-record';
import { MemorySurveyResponses, type SurveyResponses } from './surveys';
import { ticketCreate } from './ticket-create';
import { MemoryTickets, type Tickets } from './tickets';
import { userOptOut } from './user-opt-out';
import { userTag } from './user-tag';

export { MemoryServiceRecords, type ServiceRecord, type ServiceRecords } from './service-records';
export { MemoryTickets, ticketRef, type NewTicket, type Ticket, type Tickets } from './tickets';
export { MemorySurveyResponses, SURVEY_RANGES, type SurveyKind, type SurveyResponse, type SurveyResponses } from './surveys';

/** Options of {@link createActionRegistry}. */
export interface ActionRegistryOptions {
  /** Where invoice requests, complaints and return requests go. @defaultValue a new MemoryServiceRecords */
  records?: ServiceRecords;
  /** Where messages left for staff (`ticket.create`) go. @defaultValue a new MemoryTickets */
  tickets?: Tickets;
  /** Where satisfaction answers (`survey.record`, `survey.comment`) go. @defaultValue a new MemorySurveyResponses */
  surveys?: SurveyResponses;
}

/**
 * The built-in actions (coupon.issue, coupon.list, product.search, product.recommend,
 * product.stock, order.latest, order.list, order.lookup, order.change, return.orders, return.request, logistics.track, handoff.human,
 * user.tag, user.opt_out, invoice.request, complaint.record, ticket.create, service.status, survey.record, survey.comment, survey.due), plus `extra` ones (which win on a name clash).
 *
 * @example
 * const actions = createActionRegistry({ 'crm.note': async (args) => ({ ok: true }) });
 * actions.get('coupon.issue');
 */
export function createActionRegistry(extra: Record<string, ActionHandler> = {}, options: ActionRegistryOptions = {}): ActionRegistry {
  const records = options.records ?? new MemoryServiceRecords();
  const tickets = options.tickets ?? new MemoryTickets();
  const surveys = options.surveys ?? new MemorySurveyResponses();
  const map = new Map<string, ActionHandler>(
    Object.entries({
      'coupon.issue': couponIssue,
      'coupon.list': couponList,
      'product.search': productSearch,
      'product.recommend': productRecommend,
      'product.stock': productStock,
      'order.latest': orderLatest,
      'order.list': orderList,
      'order.lookup': orderLookup,
      'order.change': orderChange,
      'logistics.track': logisticsTrack,
      'handoff.human': handoffHuman,
      'user.tag': userTag,
      'user.opt_out': userOptOut,
      'invoice.request': invoiceRequest(records),
      'complaint.record': complaintRecord(records),
      'return.orders': returnOrders,
      'return.request': returnRequest(records),
      'ticket.create': ticketCreate(tickets),
      'service.status': serviceStatus,
      'survey.record': surveyRecord(surveys),
      'survey.comment': surveyComment(surveys),
      'survey.due': surveyDue,
      ...extra,
    }),
  );
  return {
    has: (name) => map.has(name),
    names: () => [...map.keys()].sort(),
    get: (name) => map.get(name),
  };
}

/** Names of the built-in actions. */
export const BUILTIN_ACTIONS = createActionRegistry().names();
