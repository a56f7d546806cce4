/** JSON shapes of the WeCom kf API, as documented (only the fields kefu reads or writes). */

/** Every API answer carries these. */
export interface KfResponse {
  errcode?: number;
  errmsg?: string;
}

/** The `event` of an origin-4 message. */
export interface KfEvent {
  event_type: string;
  open_kfid?: string;
  external_userid?: string;
  /** enter_session: scene value of the kf link, scene_param, welcome_code. */
  scene?: string;
  scene_param?: string;
  welcome_code?: string;
  /** session_status_change: 1 taken from the pool, 2 transferred, 3 ended, 4 re-opened. */
  change_type?: number;
  old_servicer_userid?: string;
  new_servicer_userid?: string;
  /** servicer_status_change: 1 receiving, 2 stopped. */
  servicer_userid?: string;
  status?: number;
  /** msg_send_fail. */
  fail_msgid?: string;
  fail_type?: number;
}

/** One entry of sync_msg's msg_list. */
export interface KfMessage {
  msgid: string;
  open_kfid: string;
  external_userid?: string;
  /** Unix seconds. */
  send_time: number;
  /** 3 customer, 4 system event, 5 servicer. */
  origin: number;
  servicer_userid?: string;
  msgtype: string;
  text?: { content: string; menu_id?: string };
  image?: { media_id: string };
  event?: KfEvent;
}

/** sync_msg's answer. */
export interface SyncMsgResponse extends KfResponse {
  next_cursor?: string;
  has_more?: number;
  msg_list?: KfMessage[];
}

/** A msgmenu item of type click. */
export interface KfMenuClick {
  type: 'click';
  click: { id: string; content: string };
}

/** The message part of send_msg / send_msg_on_event (msgtype plus its object). */
export type KfOutboundBody =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'msgmenu'; msgmenu: { head_content?: string; list: KfMenuClick[]; tail_content?: string } }
  | { msgtype: 'image'; image: { media_id: string } }
  | { msgtype: 'link'; link: { title: string; desc?: string; url: string; thumb_media_id: string } }
  | { msgtype: 'miniprogram'; miniprogram: { appid: string; title?: string; thumb_media_id: string; pagepath: string } };

/** media/upload's answer. */
export interface MediaUploadResponse extends KfResponse {
  type?: string;
  media_id?: string;
  created_at?: string | number;
}

/** send_msg's answer. */
export interface SendMsgResponse extends KfResponse {
  msgid?: string;
}

/** service_state/get's answer. */
export interface ServiceStateResponse extends KfResponse {
  service_state?: number;
  servicer_userid?: string;
}
