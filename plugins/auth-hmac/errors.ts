/** Start-up errors of auth-hmac. Messages name the variable or file, never a secret's value. */
import { defineErrors } from '../../core/errors.js'

export const AuthErrors = defineErrors({
  SECRET: { code: 'LW_ERR_AUTH_SECRET', kind: 'config', message: (role: string, problem: string) => `auth-hmac: the ${role} secret ${problem}` },
  CONFIG: { code: 'LW_ERR_AUTH_CONFIG', kind: 'config', message: (problem: string) => `auth-hmac: ${problem}` },
})
