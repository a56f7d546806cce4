/** Characters that end or open HTML markup or an attribute, as entities. */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text made safe for HTML content and quoted attribute values.
 *
 * @example
 * escapeHtml('"><script>'); // '&quot;&gt;&lt;script&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * The small Chinese page of the unsubscribe link: a title, a sentence and optional markup after it (the confirm
 * form). Title and sentence are escaped; `extraHtml` is put in as it is, so build it with {@link escapeHtml}.
 *
 * @example
 * unsubscribePage('已退订', '您已退订店铺的主动消息。');
 */
export function unsubscribePage(title: string, body: string, extraHtml = ''): string {
  const t = escapeHtml(title);
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${t}</title></head>` +
    `<body style="font-family:sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#333">` +
    `<h1 style="font-size:1.3rem">${t}</h1><p>${escapeHtml(body)}</p>${extraHtml}</body></html>`
  );
}
