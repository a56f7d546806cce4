import { Tag, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import type { TranscriptLine } from './inbox-api';
import { MessageCard } from './inbox-cards';
import type { InboxMessages } from './inbox-messages';

/** What the bot understood of the shopper message a bot reply answers: intent, score and the flow it ran. */
interface Understood {
  intent: string | null;
  score: number | null;
  flow: string | null;
}

/** The understanding to show under each bot line: the first bot reply after a shopper message carries it. */
function understandings(lines: TranscriptLine[]): Map<number, Understood> {
  const shown = new Map<number, Understood>();
  let last: TranscriptLine | undefined;
  let pending = false;
  for (const line of lines) {
    if (line.from === 'shopper' && line.kind !== 'event') {
      last = line;
      pending = true;
    } else if (line.from === 'bot' && pending) {
      pending = false;
      // `none` is no understanding (and all the rules recogniser says: its flows start on keywords); show the flow alone.
      const intent = last?.intent && last.intent !== 'none' ? last.intent : null;
      const u = { intent, score: intent ? (last?.score ?? null) : null, flow: line.flow ?? last?.flow ?? null };
      if (u.intent || u.flow) shown.set(line.id, u);
    }
  }
  return shown;
}

function time(iso: string): string {
  const d = new Date(iso);
  return d.toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

const BUBBLE: Record<TranscriptLine['from'], { bg: string; align: 'flex-start' | 'flex-end' }> = {
  shopper: { bg: '#f5f5f5', align: 'flex-start' },
  bot: { bg: '#e6f4ff', align: 'flex-end' },
  operator: { bg: '#f6ffed', align: 'flex-end' },
};

function Line({ line, understood, m }: { line: TranscriptLine; understood?: Understood; m: InboxMessages }) {
  if (line.kind === 'event') {
    return (
      <div className="inbox-line inbox-line-event" style={{ textAlign: 'center', margin: '6px 0' }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {time(line.at)} · {m.eventLine(line.event ?? '')}
        </Typography.Text>
      </div>
    );
  }
  const style = BUBBLE[line.from];
  const who = line.from === 'shopper' ? m.shopper : line.from === 'bot' ? m.bot : `${m.operator} ${line.operator ?? ''}`;
  const card = <MessageCard payload={line.payload} m={m} />;
  const isCard =
    line.payload !== null && ['product_card', 'coupon_card', 'order_card', 'image', 'quick_replies'].includes(String(line.payload.type));
  return (
    <div
      className={`inbox-line inbox-line-${line.from}`}
      style={{ display: 'flex', flexDirection: 'column', alignItems: style.align, margin: '8px 0' }}
    >
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {who} · {time(line.at)}
      </Typography.Text>
      {isCard ? (
        card
      ) : (
        <div
          className="inbox-bubble"
          style={{ background: style.bg, padding: '6px 10px', borderRadius: 8, maxWidth: '80%', whiteSpace: 'pre-wrap' }}
        >
          {line.text ?? (line.kind === 'image' ? m.image : m.noText)}
        </div>
      )}
      {understood && (
        <Tag className="inbox-understood" style={{ marginTop: 4, fontSize: 11 }}>
          {m.understood}：
          {[
            understood.intent && `${understood.intent}${understood.score !== null ? ` ${understood.score.toFixed(2)}` : ''}`,
            understood.flow && `${m.flow} ${understood.flow}`,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Tag>
      )}
    </div>
  );
}

/** The middle pane's conversation: shopper, bot and operator bubbles, cards as cards, the bot's understanding tagged. */
export function InboxTranscript({ lines, m }: { lines: TranscriptLine[]; m: InboxMessages }) {
  const box = useRef<HTMLDivElement>(null);
  const shown = understandings(lines);
  const lastId = lines.at(-1)?.id;
  useEffect(() => {
    if (box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lastId]);
  return (
    <div
      id="inbox-transcript"
      ref={box}
      style={{ flex: 1, overflowY: 'auto', padding: '0 8px', minHeight: 240, maxHeight: 'calc(100vh - 420px)' }}
    >
      {lines.map((line) => (
        <Line key={line.id} line={line} understood={shown.get(line.id)} m={m} />
      ))}
    </div>
  );
}
