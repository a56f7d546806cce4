import { autocompletion } from '@codemirror/autocomplete';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import type { EditorView } from '@codemirror/view';
import CodeMirror from '@uiw/react-codemirror';
import { useEffect, useMemo, useRef } from 'react';
import type { Problem } from './studio-api';
import { flowCompletions } from './studio-completion';

/** Problems of the file as editor diagnostics (line and column → offsets, clamped to the text). */
function diagnosticsOf(view: EditorView, problems: Problem[]): Diagnostic[] {
  const doc = view.state.doc;
  return problems.map((p) => {
    const line = doc.line(Math.min(Math.max(p.line, 1), doc.lines));
    const from = Math.min(line.from + Math.max(p.col - 1, 0), line.to);
    return { from, to: Math.max(from, line.to), severity: 'error', message: p.message };
  });
}

/** The YAML editor of one flow file: completion, and the server's problems marked in the gutter and the text. */
export function StudioEditor(props: {
  value: string;
  readOnly: boolean;
  problems: Problem[];
  actions: string[];
  onChange(text: string): void;
}) {
  const view = useRef<EditorView>(undefined);
  const extensions = useMemo(() => [yaml(), lintGutter(), autocompletion({ override: [flowCompletions(props.actions)] })], [props.actions]);
  useEffect(() => {
    const v = view.current;
    if (v) v.dispatch(setDiagnostics(v.state, diagnosticsOf(v, props.problems)));
  }, [props.problems]);
  return (
    <div id="studio-editor" style={{ border: '1px solid #d9d9d9', borderRadius: 6 }}>
      <CodeMirror
        value={props.value}
        height="480px"
        editable={!props.readOnly}
        readOnly={props.readOnly}
        extensions={extensions}
        onCreateEditor={(v) => {
          view.current = v;
          v.dispatch(setDiagnostics(v.state, diagnosticsOf(v, props.problems)));
        }}
        onChange={props.onChange}
      />
    </div>
  );
}
