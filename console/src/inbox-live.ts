import { useEffect, useRef, useState } from 'react';

/** A change in the inbox as the event stream tells it; `ready` = (re)connected, refetch everything. */
export interface InboxEvent {
  type: 'ready' | 'handoff' | 'message' | 'taken' | 'reply' | 'transferred' | 'closed' | 'presence';
  id?: number;
  operator?: string;
  at?: number;
}

/**
 * Listen to `GET /console/api/inbox/events` (server-sent events) while mounted. Keeping it open keeps the operator
 * online (when they chose 在线). The browser's EventSource reconnects by itself; each (re)connection starts with a
 * `ready` event, on which the page refetches what it shows. Returns whether the stream is connected now.
 */
export function useInboxEvents(onEvent: (event: InboxEvent) => void): boolean {
  const latest = useRef(onEvent);
  latest.current = onEvent;
  const [connected, setConnected] = useState(true);
  useEffect(() => {
    const source = new EventSource('/console/api/inbox/events');
    source.addEventListener('ready', () => {
      setConnected(true);
      latest.current({ type: 'ready' });
    });
    source.addEventListener('inbox', (e) => {
      try {
        latest.current(JSON.parse((e as MessageEvent<string>).data) as InboxEvent);
      } catch {
        latest.current({ type: 'ready' });
      }
    });
    source.onerror = () => setConnected(false);
    return () => source.close();
  }, []);
  return connected;
}

/** The current time, renewed every second (wait times count up). */
export function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * A sound-free badge in the browser tab's title, "(3) 人工工作台", while conversations wait; the console's own title
 * otherwise and when the page closes. Set after the app's own title effect (which runs after this one).
 */
export function useTitleBadge(waiting: number, title: string, appName: string): void {
  useEffect(() => {
    const timer = setTimeout(() => {
      document.title = waiting > 0 ? `(${waiting}) ${title}` : appName;
    }, 0);
    return () => clearTimeout(timer);
  }, [waiting, title, appName]);
  useEffect(() => () => void (document.title = appName), [appName]);
}
