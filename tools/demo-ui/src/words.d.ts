/** The label of the sign-in control in every sample. */
export declare const SIGN_IN_LABEL: string
