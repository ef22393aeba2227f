// express-session ships no types and @types/express-session is not a dependency: the one call the
// session contract test makes.
declare module 'express-session' {
  import type { RequestHandler } from 'express'
  export default function session(options: {
    secret: string
    resave?: boolean
    saveUninitialized?: boolean
  }): RequestHandler
}
