#!/usr/bin/env node
// The `logwarden` CLI: commands are compiled from cli/commands/ to dist/cli/commands (npm run build).
import { execute } from '@oclif/core'

await execute({ dir: import.meta.url })
