/** audit-seal's and `logwarden verify`'s error codes, contributed to the registry in core/errors.ts. */
import { defineErrors } from '../../core/errors.js'

export const SealErrors = defineErrors({
  NO_KEY: {
    code: 'LW_ERR_SEAL_NO_KEY',
    kind: 'config',
    message: (file: string) =>
      `audit-seal: no signing key at ${file}. Run \`logwarden seal init --dir <log dir>\` once, keep the verification key it prints off this host.`,
  },
  KEY_FILE: {
    code: 'LW_ERR_SEAL_KEY_FILE',
    kind: 'io',
    message: (file: string, reason: string) => `audit-seal: the signing key file ${file} cannot be used: ${reason}`,
  },
  KEY_EXISTS: {
    code: 'LW_ERR_SEAL_KEY_EXISTS',
    kind: 'conflict',
    message: (file: string) =>
      `a signing key already exists at ${file}; sealing is set up. Pass --force to start a new key (seals made with the old key stay verifiable only with the old verification key).`,
  },
  VERIFICATION_KEY: {
    code: 'LW_ERR_SEAL_VERIFICATION_KEY',
    kind: 'usage',
    message: (reason: string) => `the verification key is not usable: ${reason}. It is the "lwseal1.…" string \`logwarden seal init\` printed.`,
  },
  OPTION: { code: 'LW_ERR_SEAL_OPTION', kind: 'config', message: (path: string, reason: string) => `audit-seal: option ${path} ${reason}.` },
})
