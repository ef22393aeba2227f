// passport-oauth2 publishes its state stores without types: the two the tests use, as they are.
declare module 'passport-oauth2/lib/state/pkcesession.js' {
  export default class PKCESessionStore {
    constructor(options: { key: string })
  }
}
declare module 'passport-oauth2/lib/state/session.js' {
  export default class SessionStore {
    constructor(options: { key: string })
  }
}
