#!/usr/bin/env node
// The sources are TypeScript run through tsx's loader; `pnpm typecheck` is what type-checks them.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
