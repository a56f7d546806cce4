import type { FlowSettings } from '../types';

/** Settings used for every key flows/settings.yaml leaves out. */
export const DEFAULT_FLOW_SETTINGS: FlowSettings = {
  default_threshold: 0.5,
  clarify_margin: 0.1,
  clarify_floor: 0.35,
  answer_interrupt_threshold: 0.85,
  max_misunderstandings: 2,
  handoff_flow: 'human_handoff',
  texts: {
    not_understood: '抱歉亲，我没太明白您的意思～可以换个说法，或者说“转人工”找人工客服哦',
    clarify: '亲，您是想咨询哪一项呢？点一下就好～',
    action_failed: '抱歉亲，系统开了个小差，请稍后再试一下～',
    resume: '好的～我们接着刚才的继续：',
  },
};
