import { packageTestConfig } from '../../tools/config/vitest.mjs'

export default packageTestConfig()
