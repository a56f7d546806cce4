export { FakeWecomKf } from './fake-wecom-kf';
export type { FakeWecomKfOptions } from './fake-wecom-kf';
export { FakeClock } from './fake-clock';
export { postCallback, signCallback, xmlOf } from './callback-pusher';
export type { SignedCallback, PushResult } from './callback-pusher';
export type { FakeCustomer, FakeSend, FakeSyncCall } from './kf-world';
export { receivedMessages } from './received';
export { KF_MINI_CARD_ERRORS } from './kf-handlers';
