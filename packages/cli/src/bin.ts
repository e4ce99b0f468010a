#!/usr/bin/env node
// The `linklock` command line (work in progress).
process.exitCode = 0;
