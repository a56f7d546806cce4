import { BadInputError } from '../../../index';

/** Largest XML body accepted (1 MB); WeChat messages are a few KB. */
export const MAX_WECHAT_XML_BYTES = 1024 * 1024;

const NAME = /[A-Za-z_][A-Za-z0-9_.-]*/y;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function bad(reason: string): BadInputError {
  return new BadInputError(`Malformed WeChat XML: ${reason}.`, 'send a flat <xml>…</xml> message as WeChat documents it.');
}

/** Refuses oversize input and skips the optional leading `<?xml …?>` declaration. */
export function screen(xml: string): string {
  if (typeof xml !== 'string') throw bad('the body is not text');
  if (Buffer.byteLength(xml, 'utf8') > MAX_WECHAT_XML_BYTES) {
    throw new BadInputError('The WeChat XML body is larger than 1 MB and was refused.', 'WeChat messages are small; check the sender.');
  }
  const rest = xml.replace(/^\uFEFF/, '').trimStart();
  const declaration = /^<\?xml(?:\s[^?]*)?\?>/.exec(rest);
  return declaration ? rest.slice(declaration[0].length) : rest;
}

/**
 * Markup a safe flat-message reader never accepts, checked wherever markup may start (CDATA
 * content is data, never markup). Nothing is ever expanded: the input is refused instead.
 */
export function refuseDeclarations(src: string, pos: number): void {
  const head = src.slice(pos, pos + 9).toUpperCase();
  if (head.startsWith('<!DOCTYPE')) throw bad('a DOCTYPE declaration is not allowed (no DTDs or entities are processed)');
  if (head.startsWith('<!ENTITY')) throw bad('an ENTITY declaration is not allowed (entities are never expanded)');
  if (head.startsWith('<?')) throw bad('processing instructions are not allowed (only the optional leading <?xml …?> declaration)');
  if (head.startsWith('<!') && !src.startsWith('<![CDATA[', pos)) throw bad('comments and other <! declarations are not allowed');
}

/** Decodes the five predefined entities and numeric character references; anything else is refused. */
function decodeText(text: string): string {
  return text.replace(/&([^;&<]*);|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) throw bad('a bare "&" in text (write &amp;)');
    if (ref in PREDEFINED) return PREDEFINED[ref]!;
    const numeric = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(ref);
    const code = numeric ? parseInt(numeric[1] ?? numeric[2]!, numeric[1] ? 16 : 10) : NaN;
    if (!Number.isInteger(code) || code > 0x10ffff || code === 0)
      throw bad(`unknown entity ${whole.slice(0, 20)} (entities are not expanded)`);
    return String.fromCodePoint(code);
  });
}

/** A cursor over the screened text. */
export class Reader {
  pos = 0;
  constructor(readonly src: string) {}

  skipSpace(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos]!)) this.pos++;
  }

  startsWith(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }

  /** Reads `<Name>` or `<Name/>`; returns the name and whether it closed itself. */
  openTag(): { name: string; empty: boolean } {
    refuseDeclarations(this.src, this.pos);
    if (!this.startsWith('<') || this.startsWith('</')) throw bad(`expected an opening tag at offset ${this.pos}`);
    NAME.lastIndex = this.pos + 1;
    const match = NAME.exec(this.src);
    if (!match) throw bad(`invalid tag name at offset ${this.pos}`);
    this.pos = NAME.lastIndex;
    this.skipSpace();
    const empty = this.startsWith('/>');
    if (!empty && !this.startsWith('>')) throw bad(`attributes or junk in tag <${match[0]}> are not allowed`);
    this.pos += empty ? 2 : 1;
    return { name: match[0], empty };
  }

  closeTag(name: string): void {
    const expected = `</${name}`;
    if (!this.startsWith(expected)) throw bad(`expected </${name}> at offset ${this.pos}`);
    this.pos += expected.length;
    this.skipSpace();
    if (!this.startsWith('>')) throw bad(`expected </${name}> at offset ${this.pos}`);
    this.pos++;
  }

  /** Reads text and CDATA up to `</name>`; a nested element here would be a third level. */
  leafValue(name: string): string {
    const parts: { text: string; cdata: boolean }[] = [];
    while (!this.startsWith('</')) {
      if (this.pos >= this.src.length) throw bad(`<${name}> is not closed`);
      if (this.startsWith('<![CDATA[')) {
        const end = this.src.indexOf(']]>', this.pos + 9);
        if (end < 0) throw bad(`unterminated CDATA section in <${name}>`);
        parts.push({ text: this.src.slice(this.pos + 9, end), cdata: true });
        this.pos = end + 3;
      } else if (this.startsWith('<')) {
        refuseDeclarations(this.src, this.pos);
        throw bad(`element nesting deeper than 2 levels (inside <${name}>)`);
      } else {
        const end = this.src.indexOf('<', this.pos);
        const raw = this.src.slice(this.pos, end < 0 ? this.src.length : end);
        parts.push({ text: decodeText(raw), cdata: false });
        this.pos += raw.length;
      }
    }
    this.closeTag(name);
    return joinParts(parts);
  }
}

/** CDATA is kept verbatim; surrounding whitespace-only text (indentation) is dropped; plain text is trimmed. */
function joinParts(parts: { text: string; cdata: boolean }[]): string {
  if (!parts.some((p) => p.cdata))
    return parts
      .map((p) => p.text)
      .join('')
      .trim();
  return parts
    .filter((p) => p.cdata || p.text.trim() !== '')
    .map((p) => p.text)
    .join('');
}

/**
 * Safely reads WeChat's flat push XML (`<xml><Tag>value</Tag>…</xml>`) into a record of
 * strings. Handles CDATA and plain text (with the predefined and numeric entities). Refuses,
 * with a BadInputError whose `reason` can be returned to the caller: any DOCTYPE or ENTITY
 * (nothing is ever expanded), processing instructions other than the leading `<?xml …?>`,
 * comments, attributes, duplicate or nested-deeper-than-2-levels elements, trailing junk, and
 * bodies over 1 MB.
 *
 * @example
 * parseWechatXml('<xml><MsgType><![CDATA[text]]></MsgType><CreateTime>1409735668</CreateTime></xml>');
 * // → { MsgType: 'text', CreateTime: '1409735668' }
 */
export function parseWechatXml(xml: string): Record<string, string> {
  const reader = new Reader(screen(xml));
  reader.skipSpace();
  const root = reader.openTag();
  if (root.name !== 'xml') throw bad(`the root element must be <xml>, not <${root.name}>`);
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  if (!root.empty) {
    for (reader.skipSpace(); !reader.startsWith('</'); reader.skipSpace()) {
      if (reader.pos >= reader.src.length) throw bad('<xml> is not closed');
      const child = reader.openTag();
      if (Object.prototype.hasOwnProperty.call(fields, child.name)) throw bad(`duplicate element <${child.name}>`);
      fields[child.name] = child.empty ? '' : reader.leafValue(child.name);
    }
    reader.closeTag('xml');
  }
  reader.skipSpace();
  if (reader.startsWith('<')) refuseDeclarations(reader.src, reader.pos);
  if (reader.pos !== reader.src.length) throw bad('content after the closing </xml>');
  return { ...fields };
}
