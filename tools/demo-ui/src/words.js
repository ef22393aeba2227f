// Words that also run in a browser bundle (Next's sign-in button): no imports here.

/** The label of the sign-in control in every sample. */
export const SIGN_IN_LABEL = 'Sign in with Amazon'
