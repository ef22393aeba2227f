import type { ReactNode } from 'react'

export const metadata = {
  title: 'lwa-kit · Next.js demo',
  description: 'Sign in with Amazon (next-auth v4) and Amazon Music, against the LWA emulator.',
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body
        style={{
          fontFamily: 'system-ui, sans-serif',
          maxWidth: 720,
          margin: '2rem auto',
          padding: '0 1rem',
        }}
      >
        {children}
      </body>
    </html>
  )
}
