import { BadInputError } from '../../src/index';
import { parseWechatXmlTree, type WechatXmlValue } from '../../src/kits/wechat';

/** One answer of a subscription prompt (an item of `subscribe_msg_popup_event`'s List). */
export interface PopupItem {
  templateId: string;
  status: string;
}

/** A push read into its top-level text fields plus the subscription prompt answers, whatever the format. */
export interface PushFields {
  fields: Record<string, string>;
  popup: PopupItem[];
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

/** The prompt answers under `SubscribeMsgPopupEvent.List` (XML, JSON) or a top-level `List` (Mini Program JSON). */
function popupItems(root: Record<string, unknown>): PopupItem[] {
  const wrapper = root.SubscribeMsgPopupEvent;
  const inner =
    typeof wrapper === 'object' && wrapper !== null && !Array.isArray(wrapper) ? (wrapper as Record<string, unknown>).List : undefined;
  return [...asList(inner), ...asList(root.List)].flatMap((item) => {
    if (typeof item !== 'object' || item === null) return [];
    const { TemplateId, SubscribeStatusString } = item as Record<string, unknown>;
    return typeof TemplateId === 'string' && TemplateId !== ''
      ? [{ templateId: TemplateId, status: String(SubscribeStatusString ?? '') }]
      : [];
  });
}

function scalarFields(root: Record<string, unknown>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(root)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') fields[key] = String(value);
  }
  return fields;
}

/**
 * Reads a push (or safe-mode envelope) in XML with the bounded tree reader: refuses DOCTYPE/ENTITY, comments,
 * processing instructions and attributes with a BadInputError whose `reason` can be returned to the caller.
 *
 * @example
 * readPushXml('<xml><MsgType>text</MsgType><Content>在吗</Content></xml>').fields.Content; // '在吗'
 */
export function readPushXml(xml: string): PushFields {
  const root = parseWechatXmlTree(xml) as Record<string, WechatXmlValue>;
  return { fields: scalarFields(root), popup: popupItems(root) };
}

/**
 * Reads a Mini Program JSON push (or safe-mode envelope); numbers become strings like in XML.
 *
 * @example
 * readPushJson('{"MsgType":"text","Content":"在吗","CreateTime":1700000000}').fields.CreateTime; // '1700000000'
 */
export function readPushJson(json: string): PushFields {
  let root: unknown;
  try {
    root = JSON.parse(json);
  } catch (err) {
    throw new BadInputError(`Malformed WeChat JSON: ${(err as Error).message.slice(0, 120)}.`, 'send the push as one JSON object.');
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw new BadInputError('Malformed WeChat JSON: the body is not a JSON object.', 'send the push as one JSON object.');
  }
  return { fields: scalarFields(root as Record<string, unknown>), popup: popupItems(root as Record<string, unknown>) };
}
