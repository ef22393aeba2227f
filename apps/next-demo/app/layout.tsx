import { pageTitle, STYLESHEET, siteHeader } from '@lwa-kit/demo-ui'
import type { ReactNode } from 'react'

export const metadata = {
  title: pageTitle('Home', 'Next.js'),
  description: 'Sign in with Amazon (next-auth v4) and Amazon Music, against the LWA emulator.',
}

/** The frame of every sample (@lwa-kit/demo-ui): its stylesheet and header. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the samples' own stylesheet */}
        <style dangerouslySetInnerHTML={{ __html: STYLESHEET }} />
      </head>
      <body>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the samples' header, no outside value */}
        <div dangerouslySetInnerHTML={{ __html: siteHeader('Next.js') }} />
        <main id="main">{children}</main>
      </body>
    </html>
  )
}
