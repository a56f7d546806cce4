export { FakeWechatServer } from './fake-wechat-server';
export type { FakeWechatOptions, RecordedSend, RecordedReply, PushOptions, PushResult } from './fake-wechat-server';
export { serialisePush, signPush, urlCheckQuery } from './build-push';
export type { FakeApp, PushMessage } from './build-push';
export type { DeliveryAttempt } from './deliver-push';
export type { ReplyVerdict } from './read-reply';
export { SendWindows, WINDOW_RULES } from './send-windows';
export type { WindowAction } from './send-windows';
export { receivedBy } from './rendered-messages';
