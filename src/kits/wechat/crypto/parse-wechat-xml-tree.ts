import { Reader, bad, refuseDeclarations, screen } from './parse-wechat-xml';

/** A value in a {@link WechatXmlTree}: text of a leaf, a nested element, or the repeats of an element. */
export type WechatXmlValue = string | WechatXmlTree | WechatXmlValue[];

/** An element's children by name; a name that occurs more than once holds an array, in document order. */
export interface WechatXmlTree {
  [name: string]: WechatXmlValue;
}

/** Limits of {@link parseWechatXmlTree}. */
export interface WechatXmlTreeLimits {
  /** Deepest element nesting accepted, counting `<xml>` as 1. @defaultValue 4 */
  maxDepth?: number;
  /** Most elements accepted in one document, `<xml>` included. @defaultValue 1000 */
  maxElements?: number;
}

/** Default of {@link WechatXmlTreeLimits.maxDepth}: `<xml><SubscribeMsgPopupEvent><List><TemplateId>`. */
export const DEFAULT_XML_TREE_DEPTH = 4;
/** Default of {@link WechatXmlTreeLimits.maxElements}. */
export const DEFAULT_XML_TREE_ELEMENTS = 1000;

/** Reading state shared by the recursion: the cursor, the limits and the element count so far. */
interface TreeWalk {
  reader: Reader;
  maxDepth: number;
  maxElements: number;
  elements: number;
}

/** Whether the cursor (after optional whitespace) is at a child element rather than text or CDATA. */
function atChildElement(reader: Reader): boolean {
  const start = reader.pos;
  reader.skipSpace();
  const child = reader.startsWith('<') && !reader.startsWith('</') && !reader.startsWith('<![CDATA[');
  if (!child) reader.pos = start;
  return child;
}

/** Adds `value` under `name`, turning a repeated name into an array. */
function addChild(fields: WechatXmlTree, name: string, value: WechatXmlValue): void {
  if (!Object.prototype.hasOwnProperty.call(fields, name)) {
    fields[name] = value;
    return;
  }
  const existing = fields[name]!;
  fields[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
}

/** Reads the children of an open element up to its closing tag. */
function readChildren(walk: TreeWalk, name: string, depth: number): WechatXmlTree {
  const { reader } = walk;
  const fields = Object.create(null) as WechatXmlTree;
  for (reader.skipSpace(); !reader.startsWith('</'); reader.skipSpace()) {
    if (reader.pos >= reader.src.length) throw bad(`<${name}> is not closed`);
    const child = reader.openTag();
    addChild(fields, child.name, readElement(walk, child.name, child.empty, depth + 1));
  }
  reader.closeTag(name);
  return { ...fields };
}

/** Reads one element whose opening tag was just read: empty, a leaf (text/CDATA) or nested elements. */
function readElement(walk: TreeWalk, name: string, empty: boolean, depth: number): WechatXmlValue {
  walk.elements += 1;
  if (walk.elements > walk.maxElements) throw bad(`more than ${walk.maxElements} elements`);
  if (depth > walk.maxDepth) throw bad(`element nesting deeper than ${walk.maxDepth} levels (at <${name}>)`);
  if (empty) return '';
  if (!atChildElement(walk.reader)) return walk.reader.leafValue(name);
  if (depth + 1 > walk.maxDepth) throw bad(`element nesting deeper than ${walk.maxDepth} levels (inside <${name}>)`);
  return readChildren(walk, name, depth);
}

/**
 * Safely reads WeChat push XML that nests a few levels, such as `subscribe_msg_popup_event`'s
 * `<SubscribeMsgPopupEvent><List>…</List><List>…</List></SubscribeMsgPopupEvent>`, into a tree of strings.
 * Same safety as {@link parseWechatXml}: refuses DOCTYPE/ENTITY (nothing is ever expanded), processing
 * instructions, comments, attributes and bodies over 1 MB; additionally bounds depth and element count.
 * Elements that repeat become arrays; mixed text and elements are refused.
 *
 * @example
 * const tree = parseWechatXmlTree('<xml><Event>subscribe_msg_popup_event</Event><SubscribeMsgPopupEvent>' +
 *   '<List><TemplateId>t1</TemplateId></List><List><TemplateId>t2</TemplateId></List></SubscribeMsgPopupEvent></xml>');
 * // → { Event: 'subscribe_msg_popup_event', SubscribeMsgPopupEvent: { List: [{ TemplateId: 't1' }, { TemplateId: 't2' }] } }
 */
export function parseWechatXmlTree(xml: string, limits: WechatXmlTreeLimits = {}): WechatXmlTree {
  const reader = new Reader(screen(xml));
  const walk: TreeWalk = {
    reader,
    maxDepth: Math.max(1, limits.maxDepth ?? DEFAULT_XML_TREE_DEPTH),
    maxElements: Math.max(1, limits.maxElements ?? DEFAULT_XML_TREE_ELEMENTS),
    elements: 0,
  };
  reader.skipSpace();
  const root = reader.openTag();
  if (root.name !== 'xml') throw bad(`the root element must be <xml>, not <${root.name}>`);
  walk.elements = 1;
  const tree = root.empty ? {} : readChildren(walk, 'xml', 1);
  reader.skipSpace();
  if (reader.startsWith('<')) refuseDeclarations(reader.src, reader.pos);
  if (reader.pos !== reader.src.length) throw bad('content after the closing </xml>');
  return tree;
}
