/** The customer lifecycle (new → first order → returning) from order events and the merchant API. */
export { withLifecycle, type EventHandler } from './lifecycle-events';
export { OrderRefresher, type OrderRefresherOptions } from './order-refresher';
export { factOfEvent, factsOfOrders, LIFECYCLE_EVENTS } from './order-facts';
