// `node tools/testing/walk-sheets.mjs`: after the samples' browser tests, one picture per step of
// the walk with every sample's screenshot side by side (apps/test-output/walk-sheets/, gitignored),
// to see at a glance that they look the same.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { esc } from '../demo-ui/src/frame.js'
import { launchBrowser } from './browser.mjs'

const apps = resolve(dirname(fileURLToPath(import.meta.url)), '../../apps')
const samples = ['express-demo', 'nest-demo', 'next-demo', 'better-auth-demo']
const outDir = join(apps, 'test-output', 'walk-sheets')

/** Each step's screenshot per sample, by step name (`NN-` differs where a sample has no device). */
function screenshots() {
  const steps = new Map()
  for (const sample of samples) {
    const dir = join(apps, sample, 'test-output', 'walk')
    if (!existsSync(dir)) continue
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.png'))
      .sort()) {
      const name = file.replace(/^\d+-/, '').replace(/\.png$/, '')
      // A sample without device linking shows why, where the others show the code.
      const step = name === 'device-unavailable' ? 'device-code' : name
      if (!steps.has(step)) steps.set(step, new Map())
      steps.get(step).set(sample, join(dir, file))
    }
  }
  return steps
}

const steps = screenshots()
if (steps.size === 0) {
  console.error("No screenshots yet: run the samples' browser tests first (test/browser.test.ts).")
  process.exit(1)
}
mkdirSync(outDir, { recursive: true })
const browser = await launchBrowser()
try {
  await browser.page.setViewportSize({ width: 1800, height: 900 })
  let n = 0
  for (const [step, shots] of steps) {
    const cells = samples
      .map((s) => {
        const file = shots.get(s)
        const img = file ? `<img src="${pathToFileURL(file)}" alt="">` : '<p>(not in this sample)</p>'
        return `<figure><figcaption>${esc(s)}</figcaption>${img}</figure>`
      })
      .join('')
    const html = join(outDir, `${step}.html`)
    writeFileSync(
      html,
      `<!doctype html><meta charset="utf-8"><style>body{margin:0;font:14px system-ui;display:grid;grid-template-columns:repeat(4,1fr);gap:6px;background:#555}figure{margin:0;background:#fff}figcaption{padding:4px 8px}img{width:100%;display:block}</style>${cells}`,
    )
    await browser.page.goto(pathToFileURL(html).href)
    await browser.page.waitForLoadState('load')
    n++
    await browser.page.screenshot({
      path: join(outDir, `${String(n).padStart(2, '0')}-${step}.png`),
      fullPage: true,
    })
  }
  console.log(`${n} sheets in ${outDir}`)
} finally {
  await browser.close()
}
