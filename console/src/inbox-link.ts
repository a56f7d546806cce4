/** A link that opens one conversation of the agent inbox: `#inbox/<handoff id>` on the console's page. */
const INBOX_LINK = /^#inbox\/(\d{1,12})$/;

/**
 * The console address that opens handoff `id` in the 人工工作台.
 *
 * @example
 * inboxLink(12); // '/console#inbox/12'
 */
export function inboxLink(id: number): string {
  return `${window.location.pathname}#inbox/${id}`;
}

/** The handoff the page was opened for (`#inbox/12` → 12), or undefined. */
export function linkedHandoff(): number | undefined {
  const match = INBOX_LINK.exec(window.location.hash);
  return match ? Number(match[1]) : undefined;
}
