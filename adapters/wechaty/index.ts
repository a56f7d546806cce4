export { WechatyAdapter } from './wechaty-adapter';
export type { WechatyAdapterOptions, WechatyAlert, WechatyRoomOptions, WechatyInboundEvent, PuppetInstance } from './options';
export { SendPacer, isThrottleError } from './send-pacer';
export type { SendPacerOptions } from './send-pacer';
