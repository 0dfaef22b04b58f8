/**
 * Whether to color: an explicit `colors: true|false` wins (a per-instance setting overrides
 * NO_COLOR, as no-color.org asks); with `auto`, a non-empty NO_COLOR disables, FORCE_COLOR
 * enables (unless "0" or "false"), and otherwise only a TTY that is not TERM=dumb gets colors.
 */
export type ColorSetting = 'auto' | boolean

export function shouldColor(setting: ColorSetting, isTTY: boolean, env: Record<string, string | undefined>): boolean {
  if (setting === true || setting === false) return setting
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  const force = env.FORCE_COLOR
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false'
  return isTTY && env.TERM !== 'dumb'
}
