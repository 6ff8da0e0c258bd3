#!/usr/bin/env node
// `kb` as an installed command: runs the TypeScript CLI through tsx's loader.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/kb.ts");
