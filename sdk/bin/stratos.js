#!/usr/bin/env node
// The `stratos` CLI: runs the TypeScript sources through tsx (no build step).
"use strict";
require("tsx/cjs");
require("../src/cli/main.ts");
