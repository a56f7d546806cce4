import { Alert, Button, Input, Radio, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { simulate, type SimInput, type SimTurn } from './studio-api';
import { useStudioMessages } from './studio-messages';

/** The chat simulator: every send replays the whole chat against the draft (nothing is kept on the server). */
export function StudioSimulator({ version, beforeRun }: { version: number; beforeRun(): Promise<void> }) {
  const m = useStudioMessages();
  const [inputs, setInputs] = useState<SimInput[]>([]);
  const [turns, setTurns] = useState<SimTurn[]>([]);
  const [text, setText] = useState('');
  const [shopper, setShopper] = useState<'new' | 'returning'>('new');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = async (next: SimInput[]) => {
    setBusy(true);
    try {
      await beforeRun();
      setTurns(await simulate(version, next, shopper));
      setInputs(next);
      setError(undefined);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const said = (input: SimInput): string => ('text' in input ? input.text : 'click' in input ? `［${input.click}］` : `（${m.simVisit}）`);
  return (
    <Space direction="vertical" style={{ width: '100%' }} id="studio-simulator">
      <Typography.Text type="secondary">{m.simHint}</Typography.Text>
      <Space>
        {m.simShopper}
        <Radio.Group
          value={shopper}
          onChange={(e) => setShopper(e.target.value)}
          options={[
            { value: 'new', label: m.simNew },
            { value: 'returning', label: m.simReturning },
          ]}
        />
        <Button onClick={() => void run([...inputs, { event: 'visit' }])}>{m.simVisit}</Button>
        <Button
          onClick={() => {
            setInputs([]);
            setTurns([]);
          }}
        >
          {m.simReset}
        </Button>
      </Space>
      {error && <Alert type="error" message={error} />}
      <div
        style={{
          border: '1px solid #f0f0f0',
          borderRadius: 6,
          padding: 12,
          minHeight: 240,
          maxHeight: 480,
          overflow: 'auto',
          background: '#fafafa',
        }}
      >
        {turns.map((turn, i) => (
          <div key={i} style={{ marginBottom: 12 }}>
            <div className="sim-shopper" style={{ textAlign: 'right' }}>
              <Tag color="blue">{m.simYou}</Tag>
              {said(inputs[i]!)}
            </div>
            {turn.replies.map((r, j) => (
              <div key={j} className="sim-bot" style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }}>
                <Tag color="green">{m.simBot}</Tag>
                {r.type === 'quick_replies' ? r.text : r.text}
                {r.buttons && i === turns.length - 1 && (
                  <div style={{ marginTop: 4 }}>
                    {r.buttons.map((b) => (
                      <Button
                        key={b}
                        size="small"
                        className="sim-button"
                        style={{ marginRight: 6 }}
                        onClick={() => void run([...inputs, { click: b }])}
                      >
                        {b}
                      </Button>
                    ))}
                  </div>
                )}
              </div>
            ))}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {m.simFlow}：{turn.flow ?? '—'}
              {turn.step ? ` / ${turn.step}` : ''}
              {turn.handoff ? ` · ${m.simHandoff}` : ''}
            </Typography.Text>
          </div>
        ))}
      </div>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          id="sim-input"
          value={text}
          placeholder={m.simPlaceholder}
          onChange={(e) => setText(e.target.value)}
          onPressEnter={() => {
            if (!text.trim()) return;
            void run([...inputs, { text: text.trim() }]);
            setText('');
          }}
        />
        <Button
          id="sim-send"
          type="primary"
          loading={busy}
          onClick={() => {
            if (!text.trim()) return;
            void run([...inputs, { text: text.trim() }]);
            setText('');
          }}
        >
          {m.simSend}
        </Button>
      </Space.Compact>
    </Space>
  );
}
