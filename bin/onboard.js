#!/usr/bin/env node
// Tiny shim: the real CLI lives in dist/ (built by `npm run build`). CommonJS
// (bin/package.json), like dist/: Node starts it without its ES module loader.
require('../dist/cli.js')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
