// @lwa-kit/demo-ui: the one stylesheet, page frame and cards of every sample app (private).
export {
  apiCard,
  failureCard,
  failureIntro,
  failureOfCode,
  musicCard,
  PLAYLIST_PAGE_SIZE,
  playlistPage,
  profileCard,
  SIGN_IN_LABEL,
  signInCard,
  signInControl,
  signInIntro,
} from './cards.js'
export { deviceCard, deviceUnavailableCard } from './device.js'
export { esc, htmlPage, pageTitle, siteHeader } from './frame.js'
export { samplePages } from './pages.js'
export { STYLESHEET } from './styles.js'
