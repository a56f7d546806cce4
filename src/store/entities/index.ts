import { ChannelIdentityEntity } from './channel-identity.entity';
import { ChatTouchEntity } from './chat-touch.entity';
import { CannedReplyEntity } from './canned-reply.entity';
import { ConsoleUserEntity } from './console-user.entity';
import { ConversationEntity } from './conversation.entity';
import { CustomerOrderEntity } from './customer-order.entity';
import { DemoCouponEntity } from './demo-coupon.entity';
import { DemoOrderEntity } from './demo-order.entity';
import { FlowVersionEntity } from './flow-version.entity';
import { ExperimentExposureEntity } from './experiment-exposure.entity';
import { HandoffEntity } from './handoff.entity';
import { KpiDayEntity } from './kpi-day.entity';
import { KpiOutreachDayEntity } from './kpi-outreach-day.entity';
import { KpiResponseDayEntity } from './kpi-response-day.entity';
import { KpiSessionDayEntity } from './kpi-session-day.entity';
import { ShopperFeaturesEntity } from './shopper-features.entity';
import { MessageLogEntity } from './message-log.entity';
import { OrderAttributionEntity } from './order-attribution.entity';
import { OutreachLogEntity } from './outreach-log.entity';
import { ServiceRecordEntity } from './service-record.entity';
import { ServiceSessionEntity } from './service-session.entity';
import { SurveyResponseEntity } from './survey-response.entity';
import { TicketEntity } from './ticket.entity';
import { UserEntity } from './user.entity';

export { ChannelIdentityEntity } from './channel-identity.entity';
export { ChatTouchEntity } from './chat-touch.entity';
export { CannedReplyEntity } from './canned-reply.entity';
export { ConsoleUserEntity } from './console-user.entity';
export { ConversationEntity, type ConversationMode, type ConversationStatus } from './conversation.entity';
export { CustomerOrderEntity } from './customer-order.entity';
export { DemoCouponEntity } from './demo-coupon.entity';
export { DemoOrderEntity } from './demo-order.entity';
export { FlowVersionEntity } from './flow-version.entity';
export { ExperimentExposureEntity } from './experiment-exposure.entity';
export { HandoffEntity } from './handoff.entity';
export { KpiDayEntity } from './kpi-day.entity';
export { KpiOutreachDayEntity } from './kpi-outreach-day.entity';
export { KpiResponseDayEntity } from './kpi-response-day.entity';
export { KpiSessionDayEntity } from './kpi-session-day.entity';
export { ShopperFeaturesEntity } from './shopper-features.entity';
export { MessageLogEntity, type MessageDirection } from './message-log.entity';
export { OrderAttributionEntity } from './order-attribution.entity';
export { OutreachLogEntity } from './outreach-log.entity';
export { ServiceRecordEntity } from './service-record.entity';
export { ServiceSessionEntity } from './service-session.entity';
export { SurveyResponseEntity } from './survey-response.entity';
export { TicketEntity } from './ticket.entity';
export { UserEntity } from './user.entity';

/**
 * Every entity the data source registers. Other modules (e.g. outreach) append theirs here.
 */
export const STORE_ENTITIES: (new () => object)[] = [
  UserEntity,
  ChannelIdentityEntity,
  ConversationEntity,
  MessageLogEntity,
  OutreachLogEntity,
  ServiceRecordEntity,
  TicketEntity,
  DemoOrderEntity,
  DemoCouponEntity,
  CustomerOrderEntity,
  ChatTouchEntity,
  OrderAttributionEntity,
  ServiceSessionEntity,
  SurveyResponseEntity,
  ConsoleUserEntity,
  HandoffEntity,
  CannedReplyEntity,
  ShopperFeaturesEntity,
  KpiDayEntity,
  KpiSessionDayEntity,
  KpiResponseDayEntity,
  KpiOutreachDayEntity,
  FlowVersionEntity,
  ExperimentExposureEntity,
];
