import { libraryConfig } from '../../tools/config/tsup.mjs'

export default libraryConfig()
