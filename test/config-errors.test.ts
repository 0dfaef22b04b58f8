/**
 * Bad configs under the real file names users write, checked the way `config validate` checks
 * them (the built code, dist/): each problem has its code, the file, the JSON path of the option,
 * and no planted secret (an ${env:…} value, a literal webhook URL or token) in any message.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { run } from './cli/helpers.js'

type Validation = { file: string | undefined; plugins: string[]; problems: Array<{ code: string; message: string }>; notices: string[] }
const { validateConfig } = (await import(new URL('../dist/cli/lib/config-view.js', import.meta.url).href)) as {
  validateConfig(file: string): Promise<Validation>
}

const ENV_SECRET = 'https://discord.com/api/webhooks/4242/PLANTED-env-secret-Zq9'
const LITERAL_SECRET = 'PLANTEDliteralTOKEN0123456789abcdef'
const LITERAL_URL = `https://discord.com/api/webhooks/77/${LITERAL_SECRET}`
const ENV = { LW_T_HOOK: ENV_SECRET, LW_T_SHORT: 'tooShort99', LW_T_TG: `123456:${LITERAL_SECRET}` }

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** A fresh directory with a regular file `afile` and a directory `adir`, for the path checks. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lw-cfg-'))
  dirs.push(dir)
  writeFileSync(join(dir, 'afile'), 'x')
  mkdirSync(join(dir, 'adir'))
  return dir
}

type Format = '.logwardenrc.json' | '.logwardenrc.yaml' | '.logwardenrc' | 'package.json' | 'logwarden.config.mjs'

function write(dir: string, format: Format, config: Record<string, unknown>): string {
  const file = join(dir, format)
  const json = JSON.stringify(config, null, 2)
  if (format === 'package.json') writeFileSync(file, JSON.stringify({ name: 'app', version: '1.0.0', logwarden: config }, null, 2))
  else if (format === 'logwarden.config.mjs') writeFileSync(file, `export default ${json}\n`)
  // JSON is YAML; the rc file (no extension) is read as YAML too, so write it in the block style people use
  else if (format === '.logwardenrc.yaml' || format === '.logwardenrc') writeFileSync(file, toYaml(config))
  else writeFileSync(file, json)
  return file
}

function toYaml(v: unknown, indent = ''): string {
  if (Array.isArray(v)) return v.map((x) => `${indent}- ${toYaml(x, `${indent}  `).trimStart()}`).join('')
  if (v !== null && typeof v === 'object') {
    return Object.entries(v)
      .map(([k, x]) =>
        x !== null && typeof x === 'object' && Object.keys(x).length
          ? `${indent}${JSON.stringify(k)}:\n${toYaml(x, `${indent}  `)}`
          : `${indent}${JSON.stringify(k)}: ${JSON.stringify(x)}\n`,
      )
      .join('')
  }
  return `${JSON.stringify(v)}\n`
}

async function validate(format: Format, config: Record<string, unknown>, env: Record<string, string> = ENV) {
  const dir = project()
  const file = write(dir, format, config)
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]))
  Object.assign(process.env, env)
  try {
    return { file, dir, result: await validateConfig(file) }
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
}

function noSecret(text: string): void {
  for (const s of [ENV_SECRET, LITERAL_SECRET, LITERAL_URL, ENV.LW_T_SHORT, ENV.LW_T_TG, 'PLANTED']) expect(text).not.toContain(s)
}

// a discord notifier holding both planted secrets, added to configs so that a leak would show
const discord = { 'notify-discord': { webhookUrl: '${env:LW_T_HOOK}', channels: { ops: { webhookUrl: LITERAL_URL } } } }

interface Case {
  name: string
  format: Format
  config: (dir: string) => Record<string, unknown>
  code: string
  path: string
  says?: RegExp
}

const cases: Case[] = [
  {
    name: 'flushTimeoutMs past setTimeout',
    format: '.logwardenrc.json',
    config: () => ({ flushTimeoutMs: 3_000_000_000, plugins: [discord] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'flushTimeoutMs',
    says: /must be <= 2147483647 ms/,
  },
  {
    name: 'exit.timeoutMs past setTimeout',
    format: '.logwardenrc.json',
    config: () => ({ exit: { timeoutMs: 2 ** 31 }, plugins: [discord] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'exit.timeoutMs',
  },
  {
    name: 'batch.maxDelayMs negative',
    format: '.logwardenrc.json',
    config: () => ({ batch: { maxDelayMs: -1 } }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'batch.maxDelayMs',
  },
  {
    name: 'exit.crashFile is a directory',
    format: '.logwardenrc.json',
    config: () => ({ exit: { crashFile: './adir' }, plugins: [discord] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'exit.crashFile',
    says: /must be a file/,
  },
  { name: 'unknown level', format: '.logwardenrc.json', config: () => ({ level: 'loud' }), code: 'LW_ERR_CONFIG_INVALID', path: 'level' },
  {
    name: 'misspelt top-level key',
    format: '.logwardenrc.json',
    config: () => ({ levle: 'info', plugins: [discord] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: '(root)',
    says: /unknown option "levle"/,
  },
  {
    name: 'rotate maxSize 50XB',
    format: '.logwardenrc.json',
    config: () => ({ plugins: ['sink-file', { rotate: { maxSize: '50XB' } }, discord] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[1].rotate.maxSize',
    says: /must be a size such as "50MB".*\(got "50XB"\)/,
  },
  {
    name: 'rotate maxAge 6M (months? minutes?)',
    format: '.logwardenrc.yaml',
    config: () => ({ plugins: ['sink-file', { rotate: { maxAge: '6M' } }, discord] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[1].rotate.maxAge',
    says: /must be a duration/,
  },
  {
    name: 'rotate maxAge 6m',
    format: '.logwardenrc.yaml',
    config: () => ({ plugins: [{ rotate: { maxAge: '6m' } }] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[0].rotate.maxAge',
  },
  {
    name: 'rotate per-category size in lower case',
    format: '.logwardenrc.yaml',
    config: () => ({ plugins: [{ rotate: { categories: { audit: { maxSize: '10 mb' } } } }, discord] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[0].rotate.categories.audit.maxSize',
  },
  {
    name: 'rotate unknown time zone',
    format: '.logwardenrc.yaml',
    config: () => ({ plugins: [{ rotate: { timezone: 'Mars/Olympus' } }, discord] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[0].rotate.timezone',
    says: /IANA time zone/,
  },
  {
    name: 'rotate per-category unknown time zone',
    format: '.logwardenrc.yaml',
    config: () => ({ plugins: [{ rotate: { categories: { audit: { timezone: 'Nowhere/City' } } } }] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[0].rotate.categories.audit.timezone',
  },
  {
    name: 'rotate compressLevel out of range',
    format: '.logwardenrc.yaml',
    config: () => ({ plugins: [{ rotate: { compressLevel: 12 } }, discord] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[0].rotate.compressLevel',
    says: /<= 9/,
  },
  {
    name: 'rotate archiveDir is a file',
    format: '.logwardenrc.yaml',
    config: () => ({ plugins: [{ rotate: { archiveDir: './afile' } }] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[0].rotate.archiveDir',
    says: /must be a directory/,
  },
  {
    name: 'rotate minFreeDisk not a size',
    format: '.logwardenrc.yaml',
    config: () => ({ plugins: [{ rotate: { minFreeDisk: '1 bucket' } }] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[0].rotate.minFreeDisk',
  },
  {
    name: 'sink-file dir under a regular file',
    format: '.logwardenrc',
    config: () => ({ plugins: [{ 'sink-file': { dir: './afile/logs' } }, discord] }),
    code: 'LW_ERR_FILE_DIR',
    path: 'plugins[0].sink-file.dir',
    says: /cannot be created/,
  },
  {
    name: 'sink-file dir is a file',
    format: '.logwardenrc',
    config: () => ({ plugins: [{ 'sink-file': { dir: './afile' } }] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[0].sink-file.dir',
    says: /must be a directory/,
  },
  {
    name: 'sink-file fileMode past 0777',
    format: '.logwardenrc',
    config: () => ({ plugins: [{ 'sink-file': { fileMode: 0o1000 } }, discord] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[0].sink-file.fileMode',
  },
  {
    name: 'sink-file checkIntervalMs past setTimeout',
    format: '.logwardenrc',
    config: () => ({ plugins: [{ 'sink-file': { checkIntervalMs: 3_000_000_000 } }] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[0].sink-file.checkIntervalMs',
  },
  {
    name: 'sink-file misspelt option',
    format: '.logwardenrc',
    config: () => ({ plugins: [{ 'sink-file': { dri: './logs' } }, discord] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[0].sink-file',
    says: /unknown option "dri"/,
  },
  {
    name: 'sink-console unknown time zone',
    format: '.logwardenrc',
    config: () => ({ plugins: [{ 'sink-console': { timezone: 'Atlantis/Main' } }] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[0].sink-console.timezone',
  },
  {
    name: 'sink-console undeclared category',
    format: 'package.json',
    config: () => ({ plugins: [{ 'sink-console': { categories: ['audit', 'risk'] } }, discord] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[0].sink-console.categories[1]',
    says: /declared category/,
  },
  {
    name: 'sink-console bad stream',
    format: 'package.json',
    config: () => ({ plugins: [{ 'sink-console': { stream: 'stdxx' } }] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[0].sink-console.stream',
    says: /must be one of "stdout", "stderr"/,
  },
  {
    name: 'unknown plugin',
    format: 'package.json',
    config: () => ({ plugins: [{ 'sink-fiel': {} }, discord] }),
    code: 'LW_ERR_UNKNOWN_PLUGIN',
    path: 'plugins[0]',
  },
  {
    name: 'env variable not set',
    format: 'package.json',
    config: () => ({ plugins: [{ 'notify-discord': { webhookUrl: '${env:LW_T_NOT_SET}' } }] }),
    code: 'LW_ERR_ENV_MISSING',
    path: 'plugins[0].notify-discord.webhookUrl',
    says: /LW_T_NOT_SET/,
  },
  {
    name: 'auth-hmac admin secret unset',
    format: 'package.json',
    config: () => ({ plugins: [{ 'auth-hmac': { secrets: { admin: { env: 'LW_T_NOT_SET' } } } }, 'control', discord] }),
    code: 'LW_ERR_AUTH_SECRET',
    path: 'plugins[0].auth-hmac.secrets.admin',
    says: /is not set/,
  },
  {
    name: 'auth-hmac admin secret too short',
    format: 'logwarden.config.mjs',
    config: () => ({ plugins: [{ 'auth-hmac': { secrets: { admin: { env: 'LW_T_SHORT' } } } }, 'control', discord] }),
    code: 'LW_ERR_AUTH_SECRET',
    path: 'plugins[0].auth-hmac.secrets.admin',
    says: /too short/,
  },
  {
    name: 'auth-hmac tokenTtlMs past setTimeout',
    format: 'logwarden.config.mjs',
    config: () => ({ plugins: [{ 'auth-hmac': { secrets: { admin: { env: 'LW_T_HOOK' } }, tokenTtlMs: 2 ** 31 } }] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[0].auth-hmac.tokenTtlMs',
  },
  {
    name: 'notify-discord misspelt option next to a literal webhook',
    format: 'logwarden.config.mjs',
    config: () => ({ plugins: [{ 'notify-discord': { webhookUrl: LITERAL_URL, usrname: 'bot' } }] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[0].notify-discord',
    says: /unknown option "usrname"/,
  },
  {
    name: 'notify-discord timeoutMs past setTimeout',
    format: 'logwarden.config.mjs',
    config: () => ({ plugins: [{ 'notify-discord': { webhookUrl: '${env:LW_T_HOOK}', timeoutMs: 3_000_000_000 } }] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[0].notify-discord.timeoutMs',
  },
  {
    name: 'notify-telegram token from env, bad chat id',
    format: 'logwarden.config.mjs',
    config: () => ({ plugins: [{ 'notify-telegram': { botToken: '${env:LW_T_TG}', chatId: true } }] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[0].notify-telegram.chatId',
  },
  {
    name: 'control port out of range',
    format: 'logwarden.config.mjs',
    config: () => ({ plugins: [{ control: { port: 70000 } }, discord] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[0].control.port',
  },
  {
    name: 'redact unknown option',
    format: '.logwardenrc.json',
    config: () => ({ plugins: [{ redact: { keyz: ['apiKey'] } }, discord] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[0].redact',
    says: /unknown option "keyz"/,
  },
  {
    name: 'plugin entry with two names',
    format: '.logwardenrc.json',
    config: () => ({ plugins: [{ 'sink-file': {}, rotate: {} }] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[0]',
    says: /exactly one key/,
  },
  {
    name: 'plugin options not an object',
    format: '.logwardenrc.yaml',
    config: () => ({ plugins: [{ rotate: ['50MB'] }, discord] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'plugins[0].rotate',
    says: /must be an object/,
  },
  {
    name: 'queue overflow policy unknown',
    format: '.logwardenrc.yaml',
    config: () => ({ queue: { overflow: 'drop-all' }, plugins: [discord] }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'queue.overflow',
  },
  {
    name: 'too many worker threads',
    format: '.logwardenrc',
    config: () => ({ workers: { threads: 100 } }),
    code: 'LW_ERR_CONFIG_INVALID',
    path: 'workers.threads',
  },
]

describe('bad configs: code, file, path, no secret', () => {
  it('has at least 30 cases over every file format', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30)
    expect(new Set(cases.map((c) => c.format)).size).toBe(5)
  })

  for (const c of cases) {
    it(`${c.format}: ${c.name}`, async () => {
      const { file, dir, result } = await validate(c.format, c.config(project()))
      void dir
      const found = result.problems.find((p) => p.code === c.code)
      expect(found, JSON.stringify(result.problems, null, 1)).toBeDefined()
      const line = found!.message.split('\n').find((l) => l.includes(`${basename(file)}: ${c.path}`))
      expect(line, found!.message).toBeDefined()
      expect(line).toContain(file)
      if (c.says) expect(line).toMatch(c.says)
      for (const p of result.problems) noSecret(p.message)
    })
  }

  it('a file with three mistakes reports three, in one run', async () => {
    const { result } = await validate('.logwardenrc.json', {
      flushTimeoutMs: 3_000_000_000,
      plugins: [{ rotate: { maxSize: '50XB' } }, { 'sink-console': { timezone: 'Mars/Olympus' } }, discord],
    })
    const lines = result.problems.flatMap((p) => p.message.split('\n').filter((l) => l.startsWith('  ')))
    expect(lines).toHaveLength(3)
    expect(lines.join('\n')).toMatch(/flushTimeoutMs[\s\S]*plugins\[0\]\.rotate\.maxSize[\s\S]*plugins\[1\]\.sink-console\.timezone/)
  })

  it('a good config has no problem, and "redact": false is said', async () => {
    const { result } = await validate('.logwardenrc.json', { plugins: ['redact', { 'sink-file': { dir: './logs' } }, discord] })
    expect(result.problems).toEqual([])
    expect(result.plugins).toEqual(['redact', 'sink-file', 'notify-discord'])
  })
})

describe('logwarden config validate (the real CLI)', () => {
  it('says valid and exits 0 for a good config', async () => {
    const dir = project()
    const file = write(dir, '.logwardenrc.yaml', { plugins: [{ 'sink-file': { dir: './logs' } }, discord] })
    const r = await run(['config', 'validate', file], { env: ENV, cwd: dir })
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain(`${file}: valid (plugins: redact, sink-file, notify-discord; redaction on)`)
    expect(r.code).toBe(0)
    noSecret(r.stdout + r.stderr)
  }, 90_000)

  it('reports every problem with its code, exits 5 (config), prints no secret', async () => {
    const dir = project()
    const file = write(dir, 'package.json', {
      flushTimeoutMs: 3_000_000_000,
      plugins: [
        { 'sink-file': { dir: './afile/logs' } },
        { rotate: { maxAge: '6M' } },
        { 'auth-hmac': { secrets: { admin: { env: 'LW_T_SHORT' } } } },
        'control',
        discord,
      ],
    })
    const r = await run(['config', 'validate', file], { env: ENV, cwd: dir })
    expect(r.code).toBe(5)
    expect(r.stderr).toContain('package.json: flushTimeoutMs: must be <= 2147483647 ms')
    expect(r.stderr).toContain('package.json: plugins[1].rotate.maxAge: must be a duration')
    expect(r.stderr).toMatch(/plugins\[0\]\.sink-file\.dir: .*\[LW_ERR_FILE_DIR\]/)
    expect(r.stderr).toMatch(/plugins\[2\]\.auth-hmac\.secrets\.admin: .*too short.*\[LW_ERR_AUTH_SECRET\]/)
    expect(r.stderr).toContain('4 problems; it will not start')
    noSecret(r.stdout + r.stderr)
    const json = await run(['config', 'validate', file, '--json'], { env: ENV, cwd: dir })
    expect(json.code).toBe(5)
    const body = JSON.parse(json.stdout) as { valid: boolean; problems: Array<{ code: string }> }
    expect(body.valid).toBe(false)
    expect(body.problems.map((p) => p.code)).toEqual(['LW_ERR_CONFIG_INVALID', 'LW_ERR_FILE_DIR', 'LW_ERR_AUTH_SECRET'])
    noSecret(json.stdout + json.stderr)
  }, 90_000)
})
