/**
 * Every refusal of the control API has this JSON body; the CLI reads the code and message from it
 * (and falls back to the HTTP status when a proxy answered instead).
 */
export interface ErrorBody {
  error: { code: string; message: string }
}

export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } }
}
