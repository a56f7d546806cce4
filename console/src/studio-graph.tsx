import { Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';

let renders = 0;

/** The flow's Mermaid flowchart, drawn in the browser (mermaid is loaded the first time a graph is shown). */
export function StudioGraph({ code, failedText }: { code?: string; failedText: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let cancelled = false;
    if (!code) return;
    void (async () => {
      try {
        const mermaid = (await import('mermaid')).default;
        mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', flowchart: { wrappingWidth: 360 } });
        const { svg } = await mermaid.render(`studio-graph-${++renders}`, code);
        if (!cancelled && box.current) {
          box.current.innerHTML = svg;
          setFailed(false);
        }
      } catch {
        if (!cancelled) setFailed(true);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [code]);
  return (
    <div>
      {(failed || !code) && <Typography.Text type="secondary">{failedText}</Typography.Text>}
      <div id="studio-graph" ref={box} style={{ overflow: 'auto', maxHeight: 520 }} />
    </div>
  );
}
