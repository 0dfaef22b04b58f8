/**
 * Every problem found in a config, gathered rather than thrown one by one, so that a file with
 * three mistakes reports three: schema lines become one Errors.CONFIG_INVALID, other coded errors
 * (a missing env variable, an unknown plugin) keep their own code.
 */
import { Errors, LwError } from './errors.js'

export class ConfigProblems {
  readonly lines: string[] = []
  readonly errors: LwError[] = []

  constructor(readonly where: string) {}

  invalid(lines: string[]): void {
    for (const l of lines) if (!this.lines.includes(l)) this.lines.push(l)
  }

  add(err: LwError): void {
    this.errors.push(err)
  }

  get empty(): boolean {
    return this.lines.length === 0 && this.errors.length === 0
  }

  /** Each problem with its code: the schema lines as one error, first. */
  all(): LwError[] {
    return [...(this.lines.length ? [Errors.CONFIG_INVALID(this.where, this.lines.join('\n'))] : []), ...this.errors]
  }

  /**
   * What start throws: the only error when there is one (its code intact), else one
   * Errors.CONFIG_INVALID that lists every problem with its code.
   */
  throwIfAny(): void {
    const all = this.all()
    if (all.length === 0) return
    if (all.length === 1) throw all[0]
    const lines = [...this.lines, ...this.errors.map((e) => `  ${e.message} [${e.code}]`)]
    throw Errors.CONFIG_INVALID(this.where, lines.join('\n'))
  }
}
