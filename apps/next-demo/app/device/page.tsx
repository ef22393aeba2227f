import { deviceUnavailableCard, pageTitle } from '@lwa-kit/demo-ui'
import { Html } from '../html'

export const metadata = { title: pageTitle('Link a device', 'Next.js') }

/** next-auth has no device flow: the page says so and where to see it. */
export default function Device() {
  return (
    <Html
      html={deviceUnavailableCard(
        'next-auth signs in only through a browser redirect and has no device flow (LWA code pair), so nothing could sign this browser in with a linked device. The Express, NestJS and Better Auth samples link devices.',
      )}
    />
  )
}
