import { nextAuthRoute } from '../../../../lib/next-auth-route'

export { nextAuthRoute as GET, nextAuthRoute as POST }
