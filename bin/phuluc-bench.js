#!/usr/bin/env node
// The benchmark (bench/main.ts), TypeScript run through tsx's loader like the worker's CLI.
import { register } from 'tsx/esm/api';

register();
await import('../bench/main.ts');
