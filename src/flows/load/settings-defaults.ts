import type { FlowSettings } from '../types';

/** Settings used for every key flows/settings.yaml leaves out. */
export const DEFAULT_FLOW_SETTINGS: FlowSettings = {
  default_threshold: 0.5,
  clarify_margin: 0.1,
  clarify_floor: 0.35,
  answer_interrupt_threshold: 0.85,
  max_misunderstandings: 2,
  handoff_flow: 'human_handoff',
  // the shop's time zone (KEFU_TIMEZONE) unless service_hours.timezone says otherwise
  service_hours: { days: '周一至周日', open: '09:00', close: '22:00' },
  // web chat and the terminal have no operators until the operators' console exists; other doors transfer to theirs
  human_doors: { web: 'console', cli: false },
  handoff_idle_minutes: 30,
  ticket_reply_minutes: 120,
  surveys: { flow: 'satisfaction', nps_every_days: 90 },
  texts: {
    not_understood: '抱歉亲，我没太明白您的意思～可以换个说法，或者说“转人工”找人工客服哦',
    clarify: '亲，您是想咨询哪一项呢？点一下就好～',
    action_failed: '抱歉亲，系统开了个小差，请稍后再试一下～',
    handoff_expired: '人工客服暂时没有回复，小助手先为您服务～',
    handoff_closed: '本次人工服务已结束，感谢您的耐心～之后有问题随时找我哦',
    resume: '好的～我们接着刚才的继续：',
    resume_offer: '刚才的「{{ flow }}」还需要继续吗？',
    resume_declined: '好的～有其他需要随时叫我哦',
    queue: '好的～先帮您看{{ first }}，再说{{ rest }}～',
    queue_next: '接下来帮您看{{ flow }}：',
  },
};
