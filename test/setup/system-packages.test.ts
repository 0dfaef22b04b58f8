/**
 * The globalSetup that makes `npm test` install its system packages: driven here with small real
 * install scripts in a temp dir (the real one cannot be uninstalled on a shared machine), plus the
 * real .ci/install-rsyslog.sh and .ci/install-prometheus.sh, which must agree with the test support
 * that looks for rsyslogd, prometheus and promtool.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findRsyslogd } from '../../plugins/sink-eventlog/test-support/rsyslogd.js'
import { findPrometheus, findPromtool } from '../../plugins/metrics/test-support/prometheus.js'
import { tempDir } from '../helpers/sinks.js'
import { ensureSystemPackages, installScripts } from './system-packages.js'

const t = tempDir('lw-setup-')
afterAll(() => t.cleanup())
let n = 0

/** A script honouring the install contract; `install` is the bash run when called without --check. */
function fakeCi(install: string, { present = false } = {}) {
  const dir = path.join(t.dir, `ci-${++n}`)
  mkdirSync(dir)
  const marker = path.join(dir, 'installed')
  const calls = path.join(dir, 'calls')
  if (present) writeFileSync(marker, '')
  writeFileSync(
    path.join(dir, 'install-fake.sh'),
    `
echo "\${1:-install}" >> '${calls}'
if [ "\${1:-}" = --check ]; then [ -e '${marker}' ] && exit 0; echo "install-fake: missing fakepkg"; exit 1; fi
${install.replaceAll('MARKER', `'${marker}'`)}
`,
  )
  writeFileSync(path.join(dir, 'not-an-installer.sh'), 'exit 1\n')
  return { dir, calls: () => readFileSync(calls, 'utf8').trim().split('\n') }
}

describe('system packages globalSetup', () => {
  it('runs nothing but the check when the package is present', () => {
    const ci = fakeCi('touch MARKER', { present: true })
    const logged: string[] = []
    ensureSystemPackages(ci.dir, (l) => logged.push(l))
    expect(ci.calls()).toEqual(['--check'])
    expect(logged).toEqual([])
  })

  it('installs a missing package, says so, and checks again', () => {
    const ci = fakeCi('touch MARKER')
    const logged: string[] = []
    ensureSystemPackages(ci.dir, (l) => logged.push(l))
    expect(ci.calls()).toEqual(['--check', 'install', '--check'])
    expect(logged.join('\n')).toMatch(/install-fake\.sh --check reports something missing; installing/)
  })

  it("without root or sudo, fails with the script's own message naming the command", () => {
    const ci = fakeCi('echo "install-fake: needs root. Run once: sudo bash .ci/install-fake.sh" >&2; exit 2')
    expect(() => ensureSystemPackages(ci.dir, () => {})).toThrow(
      'the tests need system packages that could not be installed:\ninstall-fake: needs root. Run once: sudo bash .ci/install-fake.sh',
    )
  })

  it('a failed install, or one that leaves the package missing, fails naming the script to run', () => {
    const failed = fakeCi('echo "E: Unable to locate package fakepkg" >&2; exit 100')
    expect(() => ensureSystemPackages(failed.dir, () => {})).toThrow(
      /install-fake\.sh failed: E: Unable to locate package fakepkg\n {2}fix: run `sudo bash .*install-fake\.sh` once/,
    )
    const noop = fakeCi('exit 0')
    expect(() => ensureSystemPackages(noop.dir, () => {})).toThrow(/install-fake\.sh failed: install-fake: missing fakepkg/)
  })

  it('only install-*.sh files are installers', () => {
    expect(installScripts(fakeCi('').dir).map((f) => path.basename(f))).toEqual(['install-fake.sh'])
  })
})

describe('.ci/install-rsyslog.sh (real, after the globalSetup ran it)', () => {
  const script = path.resolve(import.meta.dirname, '../../.ci/install-rsyslog.sh')

  it('reports rsyslog present, as the test support finds it', () => {
    expect(findRsyslogd()).toMatch(/rsyslogd$/)
    const check = spawnSync('bash', [script, '--check'], { encoding: 'utf8' })
    expect(check.stdout).toBe('')
    expect(check.status).toBe(0)
  })

  it('is silent and does nothing when everything is installed', () => {
    const run = spawnSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    expect({ status: run.status, out: run.stdout + run.stderr }).toEqual({ status: 0, out: '' })
  })
})

describe('.ci/install-prometheus.sh (real, after the globalSetup ran it)', () => {
  const script = path.resolve(import.meta.dirname, '../../.ci/install-prometheus.sh')

  it('is one of the installers the globalSetup runs', () => {
    expect(installScripts(path.dirname(script))).toContain(script)
  })

  it('reports prometheus and promtool present, as the test support finds them', () => {
    expect(findPrometheus()).toMatch(/\/prometheus$/)
    expect(findPromtool()).toMatch(/\/promtool$/)
    const check = spawnSync('bash', [script, '--check'], { encoding: 'utf8' })
    expect({ status: check.status, out: check.stdout }).toEqual({ status: 0, out: '' })
  })

  it('is silent and does nothing when everything is installed', () => {
    const run = spawnSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    expect({ status: run.status, out: run.stdout + run.stderr }).toEqual({ status: 0, out: '' })
  })
})
