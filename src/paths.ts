// Every URL of the web service, as builders. Lower case, hyphenated, no identifying data:
// ids are random UUIDs, and names, dates of birth and references only ever travel in form posts.
export const paths = {
  home: '/',
  signIn: '/sign-in',
  signInCode: '/sign-in/code',
  signOut: '/sign-out',
  /** "Stay signed in" on the timeout warning (posted by its script). */
  staySignedIn: '/sign-in/stay',
  accessibility: '/accessibility',
  cookies: '/cookies',
  privacy: '/privacy',
  assets: '/assets',
  stylesheets: '/stylesheets',
  javascripts: '/javascripts',

  // Children: find, add, the record, care periods.
  findChild: '/children/find',
  addChild: '/children/new',
  childAdded: (childId: string) => `/children/${childId}/added`,
  child: (childId: string) => `/children/${childId}`,
  breakGlass: (childId: string) => `/children/${childId}/break-glass`,
  // The whole record, exported for a subject access request or a court.
  childExport: (childId: string, format: 'json' | 'pdf') => `/children/${childId}/export.${format}`,
  addCarePeriod: (childId: string) => `/children/${childId}/care-periods/new`,
  addAlias: (childId: string) => `/children/${childId}/aliases/new`,
  recordAgeStatus: (childId: string) => `/children/${childId}/age-status/new`,
  recordAgeAssessment: (childId: string) => `/children/${childId}/age-assessments/new`,
  /** A legal challenge to the child's latest age assessment, and its result. */
  challengeAgeAssessment: (childId: string) => `/children/${childId}/age-assessments/challenge`,
  startUasc: (childId: string) => `/children/${childId}/uasc-status/new`,
  childAllocation: (childId: string) => `/children/${childId}/allocation`,
  endUasc: (childId: string) => `/children/${childId}/uasc-status/end`,
  changeIdentifiers: (childId: string) => `/children/${childId}/identifiers`,
  changeLanguages: (childId: string) => `/children/${childId}/languages`,
  changeNationality: (childId: string) => `/children/${childId}/nationality`,
  changeDateOfBirth: (childId: string) => `/children/${childId}/date-of-birth`,
  addNationalTransfer: (childId: string) => `/children/${childId}/national-transfers/new`,
  endCarePeriod: (carePeriodId: string) => `/care-periods/${carePeriodId}/end`,

  // Found-child search (issue 13): a POST, so what is known of the child stays out of the address.
  foundChild: '/found-child',
  // Records the engine proposes as the same child as one of the authority's, and a reviewer's decision on a pair.
  childMatches: (childId: string) => `/children/${childId}/matches`,
  childMatch: (childId: string, otherChildId: string) => `/children/${childId}/matches/${otherChildId}`,
  childMatchUndo: (childId: string, otherChildId: string) => `/children/${childId}/matches/${otherChildId}/undo`,

  // Missing episodes: report missing, record the return, record the return home interview.
  reportMissing: (childId: string) => `/children/${childId}/missing/new`,
  recordReturn: (episodeId: string) => `/missing-episodes/${episodeId}/return`,
  recordReturnInterview: (episodeId: string) => `/missing-episodes/${episodeId}/return-interview`,
  /** Change an open missing episode: police reference and risk, last seen, who was told and when. */
  changeEpisode: (episodeId: string) => `/missing-episodes/${episodeId}/change`,
  /** Correct an episode that has ended, saying why. */
  correctEpisode: (episodeId: string) => `/missing-episodes/${episodeId}/correction`,
  /** Record that another agency's report found the child, closing the open episode. */
  recordFoundReport: (episodeId: string) => `/missing-episodes/${episodeId}/found-report`,
  /** The host authority acknowledges an open episode (a button on the record). */
  acknowledgeEpisode: (episodeId: string) => `/missing-episodes/${episodeId}/host-acknowledgement`,

  // The Philomena profile (Part 1, its photograph, Part 2 for a missing episode) and the grab pack.
  philomenaProfile: (childId: string) => `/children/${childId}/philomena-profile`,
  philomenaPartOne: (childId: string) => `/children/${childId}/philomena-profile/part-one`,
  philomenaPhotograph: (childId: string) => `/children/${childId}/philomena-profile/photograph`,
  philomenaPhotographImage: (childId: string) => `/children/${childId}/philomena-profile/photograph.jpg`,
  philomenaPartTwo: (episodeId: string) => `/missing-episodes/${episodeId}/philomena-part-two`,
  grabPack: (childId: string) => `/children/${childId}/grab-pack`,
  grabPackPdf: (childId: string) => `/children/${childId}/grab-pack.pdf`,

  // Trafficking concerns and NRM referrals.
  raiseConcern: (childId: string) => `/children/${childId}/trafficking-concerns/new`,
  concern: (concernId: string) => `/trafficking-concerns/${concernId}`,
  recordTraffickingStatus: (concernId: string) => `/trafficking-concerns/${concernId}/status`,
  recordNrmReferral: (concernId: string) => `/trafficking-concerns/${concernId}/nrm-referral`,
  recordNrmDecision: (referralId: string) => `/nrm-referrals/${referralId}/decision`,

  // Alerts: the inbox, one alert (acknowledge, record the action taken), the rules as the authority has them.
  alerts: '/alerts',
  alert: (alertId: string) => `/alerts/${alertId}`,
  acknowledgeAlert: (alertId: string) => `/alerts/${alertId}/acknowledge`,
  alertAction: (alertId: string) => `/alerts/${alertId}/action`,
  alertRules: '/alert-rules',
  // Who holds each post alerts go to by name, with the team mailbox and duty phone; one journey a post.
  alertContacts: '/alert-contacts',
  alertContact: (post: string) => `/alert-contacts/${post.replaceAll('_', '-')}`,
  webhookSubscriptions: '/webhook-subscriptions',
  addWebhookSubscription: '/webhook-subscriptions/new',
  disableWebhookSubscription: (subscriptionId: string) => `/webhook-subscriptions/${subscriptionId}/stop`,

  // Referrals to the guardian service: the list, referring a child, one referral and the service's work on it.
  guardianReferrals: '/guardian-referrals',
  referToGuardians: (childId: string) => `/children/${childId}/guardian-referral/new`,
  guardianReferral: (referralId: string) => `/guardian-referrals/${referralId}`,
  triageGuardianReferral: (referralId: string) => `/guardian-referrals/${referralId}/triage`,
  allocateGuardian: (referralId: string) => `/guardian-referrals/${referralId}/allocation`,
  closeGuardianReferral: (referralId: string) => `/guardian-referrals/${referralId}/closure`,
  // The guardian service's caseload and statistics.
  guardianStatistics: '/guardian-statistics',
  // The guardian service's standard for allocating a guardian, which its managers set.
  guardianAllocationStandard: '/guardian-service/allocation-standard',
  // The guardian's own record of the child, and adding an entry of one kind (contact, views, advocacy, meeting, consent).
  guardianRecord: (childId: string) => `/children/${childId}/guardian-record`,
  newGuardianRecordEntry: (childId: string, kind: string) => `/children/${childId}/guardian-record/${kind}/new`,

  // Training (issue 15): your own, recording a completed course, your organisation's, every authority's.
  training: '/training',
  recordTraining: '/training/completions/new',
  organisationTraining: '/training/organisation',
  trainingByAuthority: '/training/authorities',
  trainingGates: '/training/gates',
  trainingAllowances: '/training/allowances',
  // Asking a team manager to allow a gated action once, and their answer.
  trainingRequests: '/training/requests',
  newTrainingRequest: '/training/requests/new',
  /** Asking from the page a gate refused: the action chosen and the child carried. */
  askTeamManager: (action: string, childId: string) => `/training/requests/new?action=${action}&child=${childId}`,
  trainingRequest: (requestId: string) => `/training/requests/${requestId}`,

  // The data officer's overview of their authority and the national data-quality league table.
  dataQuality: '/data-quality',
  dataQualityLeagueTable: '/data-quality/league-table',
  /** The records that lack what a completeness measure counts, to put right. */
  dataQualityGaps: (measure: string) => `/data-quality/completeness/${measure}`,

  // The SSDA903 return, for an authority's data officers: its export to download, and a return to upload.
  ssda903Return: '/ssda903-return',
  ssda903Export: '/ssda903-return/export',
  ssda903Import: '/ssda903-return/import',

  // Statistics: the "Heading back to harm" table, downloads and the FOI pack.
  statistics: '/statistics',
  statisticsDownload: (format: 'csv' | 'xlsx' | 'json') => `/statistics/download.${format}`,
  foiPack: '/statistics/foi-pack',

  // Administration and oversight: accounts, break-glass reviews, who has seen a record, the audit trail.
  accounts: '/accounts',
  addAccount: '/accounts/new',
  deactivateAccount: (userId: string) => `/accounts/${userId}/deactivate`,
  resetSignIn: (userId: string) => `/accounts/${userId}/reset-sign-in`,
  breakGlassReviews: '/break-glass-reviews',
  reviewBreakGlass: (openingId: string) => `/break-glass-reviews/${openingId}`,
  recordAccess: (childId: string) => `/children/${childId}/record-access`,
  auditTrail: '/audit',
  apiTokens: '/api-tokens',
  rotateApiToken: (tokenId: string) => `/api-tokens/${tokenId}/rotate`,
} as const;
