// Accessibility checks the samples' walk runs on every page it shows: every control has a name
// (and every field a label), text contrast at least WCAG AA (4.5:1, 3:1 for large text), and a
// visible focus outline on everything reached with Tab.
import assert from 'node:assert/strict'

/** Names, labels and contrast, in the page. @param {import('playwright-core').Page} page */
async function namesAndContrast(page) {
  return page.evaluate(() => {
    const problems = []
    const visible = (el) => {
      const box = el.getBoundingClientRect()
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden'
    }
    const describe = (el) => `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''}>`
    for (const el of document.querySelectorAll('a[href], button, input, select, textarea')) {
      if (!visible(el) || el.type === 'hidden') continue
      const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim()
      if (['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)) {
        if (el.labels.length === 0 && !el.getAttribute('aria-label'))
          problems.push(`${describe(el)} has no label`)
      } else if (!name) problems.push(`${describe(el)} has no name`)
    }
    const rgb = (text) => {
      const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(text)
      return m
        ? {
            c: [Number(m[1]), Number(m[2]), Number(m[3])],
            a: m[4] === undefined ? 1 : Number(m[4]),
          }
        : undefined
    }
    const luminance = ([r, g, b]) => {
      const f = (v) => {
        const s = v / 255
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
      }
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
    }
    const background = (el) => {
      for (let node = el; node; node = node.parentElement) {
        const bg = rgb(getComputedStyle(node).backgroundColor)
        if (bg && bg.a > 0.5) return bg.c
      }
      return [255, 255, 255]
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    const seen = new Set()
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement
      if (!el || seen.has(el) || !node.textContent.trim() || !visible(el)) continue
      if (['SCRIPT', 'STYLE'].includes(el.tagName)) continue
      seen.add(el)
      const style = getComputedStyle(el)
      const fg = rgb(style.color)?.c ?? [0, 0, 0]
      const [a, b] = [luminance(fg), luminance(background(el))].sort((x, y) => y - x)
      const ratio = (a + 0.05) / (b + 0.05)
      const size = Number.parseFloat(style.fontSize)
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700)
      if (ratio < (large ? 3 : 4.5))
        problems.push(
          `${describe(el)} "${node.textContent.trim().slice(0, 30)}" contrast ${ratio.toFixed(2)}`,
        )
    }
    return problems
  })
}

/** Tabs through the page: each focused control shows an outline of at least 2px. */
async function focusOutlines(page) {
  const count = await page.locator('a[href]:visible, button:visible').count()
  const problems = []
  await page.evaluate(() => document.activeElement?.blur())
  for (let i = 0; i < count + 1; i++) {
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => {
      const el = document.activeElement
      if (!el || el === document.body) return undefined
      const style = getComputedStyle(el)
      const box = el.getBoundingClientRect()
      return {
        what: `<${el.tagName.toLowerCase()}>${(el.textContent ?? '').trim().slice(0, 30)}`,
        outline: style.outlineStyle !== 'none' ? Number.parseFloat(style.outlineWidth) : 0,
        onScreen: box.right > 0 && box.bottom > 0 && box.width > 0,
      }
    })
    if (!focused) continue
    if (focused.outline < 2) problems.push(`${focused.what} has no focus outline`)
    if (!focused.onScreen) problems.push(`${focused.what} is focused off screen`)
  }
  await page.evaluate(() => document.activeElement?.blur())
  return problems
}

/**
 * Asserts the page's accessibility basics (see the file's comment).
 * @param {import('playwright-core').Page} page
 * @param {string} step for the message
 */
export async function assertAccessible(page, step) {
  const problems = [...(await namesAndContrast(page)), ...(await focusOutlines(page))]
  assert.deepEqual(problems, [], `${step}: accessibility`)
}
