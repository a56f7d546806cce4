/**
 * The live adapter's data model: a comment as every source normalises it, a room's products and what triage
 * makes of a comment.
 */

/** The platforms a room can be on. `socket`: a shop's own or mini-program live room over a generic WebSocket/JSON feed. */
export type LivePlatform = 'bilibili' | 'douyin' | 'socket';

/** One viewer comment (弹幕 / 评论), normalised at the edge. */
export interface LiveComment {
  /** The kefu room id (rooms file `id`). */
  room: string;
  /** The platform's message id when it gives one (Douyin msg_id); used to drop repeated pushes. */
  msgId?: string;
  /** The commenter's platform id (Bilibili uid, Douyin sec_openid, the shop's user id); '' when the platform masks it. */
  uid: string;
  /** Display name as the platform shows it (masked by Bilibili without a login cookie). */
  name: string;
  text: string;
  /** When kefu received it (ms since epoch): comment-to-triage lag is measured from here. */
  receivedAt: number;
}

/** One product on sale in a room. */
export interface LiveProduct {
  /** The shop's product id (outreach payload.productId). */
  id: string;
  /** Link number in the room's cart (1 → 1号链接). */
  link: number;
  title: string;
  /** Other names viewers use for it (卫衣, 外套 …). */
  aliases: string[];
}

/** Why a comment left triage without being grouped. */
export type ShedReason = 'greeting' | 'emoji' | 'repeat' | 'overload_chatter' | 'overload_question' | 'stale';

/** A comment after classification. */
export interface TriagedComment {
  comment: LiveComment;
  /** The live flow topic it asks about (free_shipping, size, …), or undefined for chatter. */
  topic?: string;
  /** The product it names (link number, title or alias), if any. */
  product?: LiveProduct;
  /** Whether it shows buying intent (想买, 拍了, 下单 …). */
  buying: boolean;
}
