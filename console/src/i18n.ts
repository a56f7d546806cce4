import { createContext, useContext } from 'react';

/** The console's languages: Chinese by default, English switchable. */
export type Lang = 'zh' | 'en';

const zh = {
  appName: '客服控制台',
  login: '登录',
  loginTitle: '登录客服控制台',
  userName: '用户名',
  password: '密码',
  loginFailed: '用户名或密码错误',
  tooManyLogins: '登录失败次数过多，请稍后再试',
  logout: '退出登录',
  menuInbox: '人工工作台',
  menuTickets: '工单',
  menuData: '数据',
  menuChannels: '渠道',
  menuUsers: '账号',
  menuStudio: '工作室',
  menuLive: '直播看板',
  comingSoon: '即将上线',
  ticketsTitle: '留言工单',
  ticketsHint: '无人工客服在线时，机器人为顾客记下的留言。',
  refresh: '刷新',
  colRef: '工单号',
  colTime: '时间',
  colChannel: '渠道',
  colShopper: '顾客',
  colText: '留言内容',
  colDue: '应回复时间',
  colStatus: '状态',
  statusOpen: '待处理',
  statusDone: '已处理',
  noTickets: '暂无工单',
  loadFailed: '加载失败，请刷新重试',
  roleAdmin: '管理员',
  roleOperator: '客服',
  roleMarketing: '运营',
  forbidden: '您的角色无权查看此页面',
  language: 'English',
  channelWeb: '网页聊天',
  channelTerminal: '终端',
};

/** Every text the console shows, by key. */
export type Messages = typeof zh;

const en: Messages = {
  appName: 'kefu console',
  login: 'Sign in',
  loginTitle: 'Sign in to the kefu console',
  userName: 'User name',
  password: 'Password',
  loginFailed: 'Wrong user name or password',
  tooManyLogins: 'Too many failed sign-ins; try again later',
  logout: 'Sign out',
  menuInbox: 'Agent inbox',
  menuTickets: 'Tickets',
  menuData: 'Data',
  menuChannels: 'Channels',
  menuUsers: 'Accounts',
  menuStudio: 'Studio',
  menuLive: 'Live board',
  comingSoon: 'Coming soon',
  ticketsTitle: 'Messages for staff',
  ticketsHint: 'Messages the bot took when no human agent was available.',
  refresh: 'Refresh',
  colRef: 'Ticket',
  colTime: 'Time',
  colChannel: 'Channel',
  colShopper: 'Shopper',
  colText: 'Message',
  colDue: 'Reply by',
  colStatus: 'Status',
  statusOpen: 'Open',
  statusDone: 'Done',
  noTickets: 'No tickets',
  loadFailed: 'Could not load; refresh to retry',
  roleAdmin: 'Admin',
  roleOperator: 'Operator',
  roleMarketing: 'Marketing',
  forbidden: 'Your role may not see this page',
  language: '中文',
  channelWeb: 'Web chat',
  channelTerminal: 'Terminal',
};

/** The message tables. */
export const MESSAGES: Record<Lang, Messages> = { zh, en };

/** The chosen language and its texts. */
export interface I18n {
  lang: Lang;
  t: Messages;
  setLang(lang: Lang): void;
}

/** Provided by the app root. */
export const I18nContext = createContext<I18n>({ lang: 'zh', t: zh, setLang: () => undefined });

/** The current language's texts. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}

const STORAGE_KEY = 'kefu-console-lang';

/** The language chosen last time in this browser, else Chinese. */
export function savedLang(): Lang {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
}

/** Remember the language for the next visit. */
export function saveLang(lang: Lang): void {
  localStorage.setItem(STORAGE_KEY, lang);
}
