import type { WebFailure } from '@lwa-kit/core'

/** The one stylesheet of every sample. */
export declare const STYLESHEET: string
/** Escapes text for HTML. */
export declare function esc(value: unknown): string
/** The header of every page (skip link, brand, navigation). */
export declare function siteHeader(demo: string): string
/** `<title> · lwa-kit <demo> sample`. */
export declare function pageTitle(title: string, demo: string): string
/** A whole HTML page in the shared frame. */
export declare function htmlPage(page: { demo: string; title: string; body: string }): string

export declare const SIGN_IN_LABEL: string
export declare function signInControl(target: { href: string } | { action: string }): string
export declare function signInIntro(): string
export declare function signInCard(control: string): string
export declare function failureIntro(failure: WebFailure): string
export declare function failureCard(failure: WebFailure, control: string): string
/** The failure of a code from a redirect (`?error=`); `LWA_INTERNAL` for anything unknown. */
export declare function failureOfCode(code: string | null | undefined): WebFailure
export declare function profileCard(
  user: { name?: string | null; email?: string | null; id?: string | null },
  signOutAction: string,
): string
export declare const PLAYLIST_PAGE_SIZE: number
export declare function playlistPage(query: URLSearchParams): { cursor?: string; from: number }
export interface MusicCardData {
  me: { id?: string; name?: string }
  playlists: {
    items: Array<{ id?: string; title?: string }>
    hasNextPage: boolean
    nextCursor?: string
  }
  from: number
}
export declare function musicCard(music: MusicCardData | { failure: WebFailure }): string
export declare function apiCard(app: {
  appUrl: string
  clientId: string
  emulatorUrl?: string
}): string
export declare function deviceCard(routes: {
  start: string
  status: string
  statusMethod?: 'GET' | 'POST'
  done?: string
}): string
export declare function deviceUnavailableCard(reason: string): string
export declare function samplePages(sample: {
  demo: string
  signIn: { href: string } | { action: string }
  signOut: string
  device: { start: string; status: string; statusMethod?: 'GET' | 'POST' }
}): {
  signedOutPage(app: { appUrl: string; clientId: string; emulatorUrl?: string }): string
  homePage(
    user: { name?: string | null; email?: string | null; id?: string | null },
    music: MusicCardData | { failure: WebFailure },
    app: { appUrl: string; clientId: string; emulatorUrl?: string },
  ): string
  failurePage(failure: WebFailure): string
  devicePage(): string
  notFoundPage(): string
}
