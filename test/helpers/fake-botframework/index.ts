export { FakeBotFramework, type FakeBotFrameworkOptions } from './fake-botframework';
export { receivedMessages, type ReceivedActivity } from './received';
export { makeTestKey, signToken, type TestKey, type TokenClaims } from './signing';
