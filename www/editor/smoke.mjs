// A smoke check of the built bundle without a browser: `node www/editor/smoke.mjs` after
// `make editor`. It imports dist/codemirror.js in Node (CodeMirror guards its uses of `document`
// and `navigator` at load time) and checks the exports; making an editor needs a DOM, so it stops there.
import assert from "node:assert/strict";
import { statSync } from "node:fs";

const bundle = new URL("./dist/codemirror.js", import.meta.url);
const size = statSync(bundle).size;
assert.ok(size > 10_000, `${bundle.pathname} is only ${size} bytes`);

let module;
try {
  module = await import(bundle.href);
} catch (error) {
  // Not the default report, which prints the minified line: the whole bundle.
  console.error(`importing ${bundle.pathname} failed: ${error}\n${error.stack.split("\n").slice(1, 4).join("\n")}`);
  process.exit(1);
}
assert.equal(typeof module.createEditor, "function", "createEditor is not exported");
assert.equal(module.createEditor.length, 4, "createEditor(parent, text, onChange, onBlur) takes 4 arguments");
assert.equal(typeof module.textOf, "function", "textOf is not exported");
assert.equal(module.textOf(null), null);
assert.deepEqual(Object.keys(module).sort(), ["createEditor", "textOf"]);

console.log(`editor bundle: ${size} bytes, exports ${Object.keys(module).sort().join(", ")}`);
