import { Alert, Button, Input, Space } from 'antd';
import { useRef, useState, type KeyboardEvent } from 'react';
import { replyTo, type OperatorMessage } from './inbox-api';
import { CannedPicker } from './inbox-canned';
import type { InboxMessages } from './inbox-messages';
import { useInboxNotify } from './inbox-notify';
import { CouponPicker, ImageSender, ProductPicker } from './inbox-send-tools';

/** A fresh id for one message: the server sends a retried click once. */
function newClientId(): string {
  return `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

interface ComposerProps {
  m: InboxMessages;
  handoffId: number;
  /** Why replying is not possible now (the door's rule, or the conversation ended); the box is disabled. */
  blocked?: string;
  /** A warning to show while replying is possible (e.g. the shopper left the web page). */
  warning?: string;
  onSent(): void;
}

/** The reply box: Enter sends, Shift+Enter adds a line; canned replies, product and coupon cards, pictures. */
export function InboxComposer({ m, handoffId, blocked, warning, onSent }: ComposerProps) {
  const notify = useInboxNotify();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const draftId = useRef(newClientId());
  const disabled = blocked !== undefined;

  const send = async (message: OperatorMessage, clientId = newClientId()): Promise<boolean> => {
    setSending(true);
    try {
      await replyTo(handoffId, message, clientId);
      onSent();
      return true;
    } catch (err) {
      notify(err);
      return false;
    } finally {
      setSending(false);
    }
  };
  const sendText = async () => {
    if (!text.trim() || sending) return;
    if (await send({ type: 'text', text }, draftId.current)) {
      setText('');
      draftId.current = newClientId();
    }
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key !== 'Enter' || e.shiftKey || e.nativeEvent.isComposing) return; // Chinese input methods use Enter too
    e.preventDefault();
    void sendText();
  };
  return (
    <div id="inbox-composer" style={{ borderTop: '1px solid #f0f0f0', paddingTop: 8 }}>
      {blocked && <Alert id="inbox-blocked" type="error" showIcon title={blocked} style={{ marginBottom: 8 }} />}
      {!blocked && warning && <Alert id="inbox-warning" type="warning" showIcon title={warning} style={{ marginBottom: 8 }} />}
      <Space wrap style={{ marginBottom: 8 }}>
        <CannedPicker
          m={m}
          disabled={disabled}
          onPick={(t) => {
            setText(t);
            draftId.current = newClientId();
          }}
        />
        <ProductPicker m={m} disabled={disabled} send={send} />
        <CouponPicker m={m} disabled={disabled} send={send} />
        <ImageSender m={m} disabled={disabled} send={send} />
      </Space>
      <Input.TextArea
        id="inbox-reply"
        value={text}
        disabled={disabled}
        placeholder={m.placeholder}
        autoSize={{ minRows: 2, maxRows: 6 }}
        maxLength={600}
        onChange={(e) => {
          setText(e.target.value);
          draftId.current = newClientId();
        }}
        onKeyDown={onKeyDown}
      />
      <div style={{ textAlign: 'right', marginTop: 8 }}>
        <Button id="inbox-send" type="primary" loading={sending} disabled={disabled || !text.trim()} onClick={() => void sendText()}>
          {m.send}
        </Button>
      </div>
    </div>
  );
}
