/** English UI texts: profile. German (../de/profile.ts) has exactly the same keys (locales.test.ts). */
export const profile = {
  profile: {
    title: 'Your profile',
    language: 'Language',
    languageOfBrowser: 'As in the browser (mails in the language of your first message)',
    timeZone: 'Time zone',
    signature: 'Signature',
    signatureHint: 'Added below your replies.',
    changePassword: 'Change password',
    currentPassword: 'Current password',
    newPassword: 'New password',
    passwordChanged: 'Your password was changed.',
    tokens: 'API tokens',
    tokensHint: 'For scripts and integrations: send as "Authorization: Bearer <token>".',
    tokenName: 'Token name',
    createToken: 'Create token',
    tokenCreated: 'Copy this token now; it is shown only once:',
    revoke: 'Revoke',
    lastUsed: 'Last used',
    never: 'never',
    noTokens: 'No tokens yet.',
  },
};
