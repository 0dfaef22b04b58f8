/**
 * The secret for `logwarden login`: LOGWARDEN_SECRET, else a prompt that does not echo (on a
 * terminal), else the first line of stdin (a pipe from a password manager). Never a flag, so it
 * stays out of shell history and `ps`.
 */
import { CliErrors } from './errors.js'

export async function readSecret(role: string): Promise<string> {
  const env = process.env.LOGWARDEN_SECRET
  if (env) return env
  if (process.stdin.isTTY) return prompt(`${role} secret: `)
  let text = ''
  for await (const chunk of process.stdin) {
    text += String(chunk)
    if (text.includes('\n')) break
  }
  const line = text.split(/\r?\n/)[0] ?? ''
  if (!line) throw CliErrors.NO_SECRET()
  return line
}

function prompt(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin
    process.stderr.write(question)
    stdin.setRawMode(true)
    stdin.resume()
    stdin.setEncoding('utf8')
    let value = ''
    const done = (err?: Error) => {
      stdin.setRawMode(false)
      stdin.pause()
      stdin.off('data', onData)
      process.stderr.write('\n')
      if (err) reject(err)
      else resolve(value)
    }
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done()
        if (ch === '\u0003') return done(CliErrors.CANCELLED())
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1)
        else value += ch
      }
    }
    stdin.on('data', onData)
  })
}
