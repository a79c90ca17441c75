// The lesson page's Python editor: CodeMirror 6 with only what a learner needs (line numbers, undo,
// the default keys, Tab to indent, Python colouring, bracket matching). `make editor` bundles this
// file into dist/codemirror.js, which the page imports only when the learner presses "Edit".
//
// basicSetup is left out on purpose: its search, autocompletion and lint panels made the bundle
// 456 KB (151 KB gzipped) against 347 KB (117 KB) without. `pythonLanguage` is used instead of
// `python()` for the same reason: python() adds completion sources from @codemirror/autocomplete.

import { EditorState, StateEffect, StateField, RangeSet, Annotation } from "@codemirror/state";
import { EditorView, Decoration, GutterMarker, gutterLineClass, keymap, lineNumbers } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab, isolateHistory } from "@codemirror/commands";
import { bracketMatching, defaultHighlightStyle, indentOnInput, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { pythonLanguage } from "@codemirror/lang-python";

// Marks a transaction made by setText, so that it does not call onChange.
const external = Annotation.define();

// The error mark: null, or { line, message } with a 1-based line.
const setError = StateEffect.define();

const errorGutter = new (class extends GutterMarker {
  constructor() {
    super();
    this.elementClass = "cm-error-gutter";
  }
})();

function decorate(state, error) {
  if (!error) return { error: null, lines: Decoration.none, gutter: RangeSet.empty };
  const line = state.doc.line(Math.min(error.line, state.doc.lines));
  const attributes = { title: error.message, "aria-description": error.message };
  return {
    error: { line: line.number, message: error.message, from: line.from },
    lines: Decoration.set([Decoration.line({ class: "cm-error-line", attributes }).range(line.from)]),
    gutter: RangeSet.of([errorGutter.range(line.from)]),
  };
}

const errorField = StateField.define({
  create: () => decorate(null, null),
  update(value, tr) {
    for (const e of tr.effects) if (e.is(setError)) return decorate(tr.state, e.value);
    if (!tr.docChanged || !value.error) return value;
    // Typing moves the mark with its line; it stays until the next markErrorLine or clearError.
    const line = tr.state.doc.lineAt(tr.changes.mapPos(value.error.from, -1)).number;
    return decorate(tr.state, { line, message: value.error.message });
  },
  provide: (f) => [
    EditorView.decorations.from(f, (v) => v.lines),
    gutterLineClass.from(f, (v) => v.gutter),
    EditorView.contentAttributes.from(f, (v) => (v.error ? { "aria-invalid": "true" } : {})),
  ],
});

const theme = EditorView.theme({
  "&": {
    backgroundColor: "var(--panel, #fff)",
    border: "1px solid var(--line, #e4e1da)",
    borderRadius: "0 8px 8px 8px",
    fontSize: ".84rem",
  },
  "&.cm-focused": { outline: "2px solid var(--accent, #2f6fdf)", outlineOffset: "-1px" },
  ".cm-scroller": { fontFamily: "var(--mono, monospace)", lineHeight: "1.5", maxHeight: "34rem", overflow: "auto" },
  ".cm-content": { padding: ".8rem 0" },
  ".cm-gutters": { backgroundColor: "transparent", borderRight: "1px solid var(--line, #e4e1da)", color: "var(--muted, #66707c)" },
});

// A base theme, as only that may tell light from dark themes (&light, &dark). Translucent red, so
// that it reads on either background; the bar on the left does not rely on colour alone.
const errorTheme = EditorView.baseTheme({
  ".cm-error-line": { backgroundColor: "rgba(220, 38, 38, 0.13)", boxShadow: "inset 3px 0 0 rgba(220, 38, 38, 0.8)" },
  "&dark .cm-error-line": { backgroundColor: "rgba(255, 99, 99, 0.2)", boxShadow: "inset 3px 0 0 rgba(255, 99, 99, 0.85)" },
  ".cm-gutterElement.cm-error-gutter": { color: "#c23b32", fontWeight: "700" },
  "&dark .cm-gutterElement.cm-error-gutter": { color: "#ff8a80" },
});

/**
 * Make an editor inside `parent` holding `text`. `onChange(text)` is called after every change of
 * the document made in the editor (typing, paste, undo), synchronously and not debounced;
 * `onBlur(text)` when the editor loses focus. `label` is the content's aria-label.
 */
export function createEditor(parent, text, onChange, onBlur, label = "Your program") {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text ?? "",
      extensions: [
        lineNumbers(),
        history(),
        indentOnInput(),
        bracketMatching(),
        pythonLanguage,
        syntaxHighlighting(defaultHighlightStyle),
        indentUnit.of("    "),
        EditorState.tabSize.of(4),
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        errorField,
        errorTheme,
        theme,
        EditorView.editorAttributes.of({ class: "listing python editor" }),
        EditorView.contentAttributes.of({ "data-testid": "editor", "aria-label": label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && onChange && update.transactions.some((tr) => tr.docChanged && !tr.annotation(external))) {
            onChange(update.state.doc.toString());
          }
        }),
        EditorView.domEventHandlers({
          blur: (_event, v) => {
            if (onBlur) onBlur(v.state.doc.toString());
          },
        }),
      ],
    }),
  });

  const mark = (error) => view.dispatch({ effects: setError.of(error) });

  return {
    getText: () => view.state.doc.toString(),
    // Replaces only the part that differs, so the cursor stays put when little changed; the same
    // text again changes nothing. It is one step of its own in the undo history (undoing it calls
    // onChange, like any undo). The error mark is left alone (it moves with its line).
    setText(next) {
      next = (next ?? "").replace(/\r\n?/g, "\n"); // as the document holds it
      const old = view.state.doc.toString();
      if (next === old) return;
      let from = 0;
      const shortest = Math.min(old.length, next.length);
      while (from < shortest && old.charCodeAt(from) === next.charCodeAt(from)) from++;
      let end = 0;
      while (end < shortest - from && old.charCodeAt(old.length - 1 - end) === next.charCodeAt(next.length - 1 - end)) end++;
      view.dispatch({
        changes: { from, to: old.length - end, insert: next.slice(from, next.length - end) },
        annotations: [external.of(true), isolateHistory.of("full")],
      });
    },
    // 1-based line; 0 (or less, or no line) removes the mark. A line past the end marks the last.
    markErrorLine(line, message = "") {
      const n = Math.floor(Number(line));
      mark(n >= 1 ? { line: n, message: String(message ?? "") } : null);
    },
    clearError: () => mark(null),
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}

/** The whole text of the editor whose DOM holds `element` (for tests), or null. */
export function textOf(element) {
  const view = element && EditorView.findFromDOM(element);
  return view ? view.state.doc.toString() : null;
}
