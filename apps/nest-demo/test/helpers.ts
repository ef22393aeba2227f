// Test helpers: the repo's cookie-keeping fetch and sign-in without a browser (tools/testing/http.mjs).
export {
  authorizeAt,
  CookieJar as Browser,
  countRequests as count,
} from '../../../tools/testing/http.mjs'
