import type { Page } from 'playwright-core'

/**
 * Asserts a page's accessibility basics: every control named and every field labelled, text
 * contrast at least WCAG AA, a focus outline of at least 2px on everything Tab reaches.
 */
export declare function assertAccessible(page: Page, step: string): Promise<void>
