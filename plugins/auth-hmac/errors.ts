/** Start-up errors of auth-hmac. Messages name the variable or file, never a secret's value. */
import { LwError } from '../../core/errors.js'

function define<A extends unknown[]>(code: string, message: (...args: A) => string) {
  const make = (...args: A) => new LwError(code, message(...args))
  return Object.assign(make, { code })
}

export const AuthErrors = {
  SECRET: define('LW_ERR_AUTH_SECRET', (role: string, problem: string) =>
    `auth-hmac: the ${role} secret ${problem}`),
  CONFIG: define('LW_ERR_AUTH_CONFIG', (problem: string) => `auth-hmac: ${problem}`),
} as const
