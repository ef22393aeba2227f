/** An access token of Alice's, issued by the emulator to the demo web client of `region`. */
export declare function issueToken(
  emulator: {
    endpointsFor(region: string): unknown
    authorize(params: Record<string, string>): { location: string }
  },
  region?: 'NA' | 'EU',
): Promise<string>
