#!/usr/bin/env node
// The worker is TypeScript, run through tsx's loader (no build step for the command line).
import { register } from 'tsx/esm/api';

register();
await import('../worker/cli.ts');
