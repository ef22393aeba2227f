// The demo's pages: the shared pages of every sample (@lwa-kit/demo-ui) with lwaAuth's routes.
import { samplePages } from '@lwa-kit/demo-ui'

export const { signedOutPage, homePage, failurePage, devicePage } = samplePages({
  demo: 'Express',
  signIn: { href: '/auth/amazon/login?returnTo=/' },
  signOut: '/auth/amazon/logout',
  device: { start: '/auth/amazon/device/start', status: '/auth/amazon/device/status' },
})
