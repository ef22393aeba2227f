// The shared cards (@lwa-kit/demo-ui) are HTML built from escaped values: rendered as they are.
export function Html({ html }: { html: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: demo-ui escapes every value it is given
  return <div dangerouslySetInnerHTML={{ __html: html }} />
}
