import { inboundActionOf } from '../../../src/outreach/policy/inbound-action';

describe('inboundActionOf', () => {
  it('maps messages and platform events to the window they open', () => {
    expect(inboundActionOf({ kind: 'text' })).toBe('message');
    expect(inboundActionOf({ kind: 'postback' })).toBe('message');
    expect(inboundActionOf({ kind: 'event', event: { type: 'subscribe' } })).toBe('menu_click');
    expect(inboundActionOf({ kind: 'event', event: { type: 'user_enter_tempsession' } })).toBe('session_enter');
    expect(inboundActionOf({ kind: 'event', event: { type: 'pay_success' } })).toBe('payment');
    expect(inboundActionOf({ kind: 'event', event: { type: 'visit' } })).toBeUndefined();
  });
});
