// Every URL of the web service, as builders. Lower case, hyphenated, no identifying data.
export const paths = {
  home: '/',
  signIn: '/sign-in',
  signInCode: '/sign-in/code',
  signOut: '/sign-out',
  accessibility: '/accessibility',
  assets: '/assets',
} as const;
