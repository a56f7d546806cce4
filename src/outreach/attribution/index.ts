/** Attribution of orders to chat and outreach (docs/attribution.md). */
export { ChatAttribution, type ChatAttributionOptions } from './chat-attribution';
export { creditOf, type CreditInput } from './credit-rules';
export { orderFactsOf, orderIdOf, type OrderFacts, type OrderLookup } from './order-facts';
export { summarize } from './summarize';
export { touchesOf, type ChatTouch, type TouchKind, type TouchOrigin } from './touch';
export type { AttributionStore, ChatPart, ConversionSummary, CreditKind, OrderAttribution, OrdersAndRevenue, ShopperTurn } from './types';
