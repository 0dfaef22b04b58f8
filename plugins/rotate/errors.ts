/** rotate's error codes, contributed to the registry in core/errors.ts. */
import { defineErrors } from '../../core/errors.js'

export const RotateErrors = defineErrors({
  OPTION: {
    code: 'LW_ERR_ROTATE_OPTION',
    kind: 'config',
    message: (path: string, value: unknown, expected: string) => `rotate: option ${path} = ${JSON.stringify(value)} is not ${expected}.`,
  },
})
