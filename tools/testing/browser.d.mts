import type { BrowserContext, Page } from 'playwright-core'

/** Where Debian's Chromium lives (override with CHROMIUM_PATH). */
export declare const CHROMIUM_PATH: string

/** Starts a headless Chromium with a fresh profile; `close()` ends it and removes the profile. */
export declare function launchBrowser(): Promise<{
  context: BrowserContext
  page: Page
  close: () => Promise<void>
}>
