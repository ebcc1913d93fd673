import type { Messages } from './zh.js'

/** Every string the web app shows, in English; the keys are zh.ts's. */
export const en: Messages = {
  lang: 'en',
  product: 'Xueshi Hours Registry',
  productSub: 'Continuing-education hours for professional and technical personnel',
  otherLanguage: '中文',
  footer: 'Continuing-education hours registry · open-source Xueshi',
  signIn: {
    title: 'Sign in',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    usernameRequired: 'Enter your username',
    passwordRequired: 'Enter your password',
    totpTitle: 'Second factor',
    totpHint: 'Enter the 6-digit code shown by your authenticator app, or a recovery code.',
    code: 'Code or recovery code',
    codeRequired: 'Enter the code',
    verify: 'Verify',
    back: 'Back: sign in with another account',
    expired: 'Your session has ended. Sign in again to return to the page you were on.',
    hint: 'Forgot your password? Your organisation administrator or the local HR department resets it.',
  },
  roles: {
    person: 'Professional',
    employer: 'Employer',
    agency: 'HR service agency',
    institution: 'Training institution',
    authority: 'Industry authority',
    hr_department: 'HR department',
  },
  menu: {
    myYear: 'My year',
    ledger: 'My ledger',
    register: 'Register an activity',
    applications: 'My applications',
    reviewQueue: 'Review queue',
    staffCompliance: 'Staff compliance',
    staffRegister: 'Register for staff',
    yearEnd: 'Year-end review',
    tokens: 'API tokens',
    projects: 'Training projects',
    rosters: 'Rosters',
    confirmations: 'Confirmations',
    revocations: 'Revocations',
    statistics: 'Statistics',
    notifications: 'Notifications',
    departure: 'Departures',
    transferIn: 'Transfer in',
  },
  header: {
    notifications: 'Notifications',
    unread: (n: number) => `${n} unread notifications`,
    signOut: 'Sign out',
    account: 'Account',
    menu: 'Menu',
  },
  myYear: {
    title: 'My year',
    year: 'Year',
    yearOption: (y: number) => `${y}`,
    total: 'Total',
    public: 'Public subjects',
    professional: 'Professional subjects',
    progress: (earned: number, required: number) => `${earned} of ${required} hours`,
    shortfall: (subject: string, hours: number) => `${hours} more hours of ${subject.toLowerCase()}`,
    compliant: 'Complete',
    notCompliant: 'Not complete',
    allDone: (year: number) => `The ${year} requirement is met.`,
    toClose: 'To complete the year',
    policy: 'Policy in force',
    documentNo: 'Document No.',
    person: 'Name',
    idNumber: 'ID number',
    records: "This year's credited hours",
    kind: 'Kind',
    hours: 'Hours',
    date: 'Date',
    basis: 'Basis',
    notes: 'Notes',
    empty: (year: number) =>
      `No hours registered for ${year} yet. Institutions report your training, or apply under "Register an activity".`,
    yearComplete: 'The year counts as complete',
  },
  kinds: {
    training: 'Training',
    online_course: 'Online course',
    public_course_exam: 'Public-subject exam',
    practice: 'Practice',
    conference: 'Conference',
    lecturing: 'Lecturing',
    overseas_training: 'Training abroad',
    study_tour: 'Study tour',
    qualification_exam: 'Qualification exam',
    skill_level_exam: 'Skill-level exam',
    degree_course: 'Degree course',
    degree_completed: 'Degree completed',
    self_study: 'Self-study',
    paper: 'Paper',
    book: 'Book',
    patent: 'Patent',
    standard: 'Standard',
    research_project: 'Research project',
    achievement_award: 'Award',
    exam_item_writing: 'Exam item writing',
    competition: 'Competition',
    grassroots_service: 'Grassroots service',
    expert_service: 'Expert service',
    aid_assignment: 'Aid assignment',
    leave: 'Leave',
    language_exam: 'Language exam',
    computer_exam: 'Computer exam',
    epidemic_frontline: 'Epidemic front line',
    mentorship: 'Mentorship',
    other: 'Other',
  },
  // ── account ──
  accountPage: {},
  // ── notifications ──
  notificationsPage: {},
  // ── ledger ──
  ledgerPage: {},
  // ── applications ──
  applicationsPage: {},
  // ── register ──
  registerPage: {
    title: 'Register an activity',
    editTitle: 'Correct and resubmit',
    intro:
      'Describe the continuing-education activity and attach the evidence. Your employer (for freelancers, the HR service agency holding your file) reviews it; once approved it goes into your hours record.',
    applications: 'My applications',
    activity: 'Activity',
    kindsNote: (doc: string) => `Only the ways ${doc} recognises are listed.`,
    groups: {
      study: 'Training and study',
      exchange: 'Conferences and teaching',
      results: 'Research results',
      exams: 'Exams and degrees',
      service: 'Service and other',
    },
    optional: (label: string) => `${label} (optional)`,
    yes: 'Yes',
    no: 'No',
    choose: (label: string) => `Choose ${label.toLowerCase()}`,
    fill: (label: string) => `Enter ${label.toLowerCase()}`,
    mustBe: (label: string, what: string) => `${label} must be ${what}`,
    dateFuture: (today: string) =>
      `The date cannot be after today (${today}): hours are registered once the activity has ended.`,
    common: {
      kind: { label: 'Way', help: 'The way of continuing education.' },
      date: {
        label: 'Date finished',
        help: 'The day the activity finished or the result was obtained; it decides the year.',
      },
      title: {
        label: 'Title',
        help: 'The name of the class, course, conference, paper or project, for the reviewer.',
      },
      makeUpFor: {
        label: 'Make-up for year',
        help: 'When making up the previous year (which must have injury, illness or maternity leave certified by the employer); leave empty otherwise.',
        unit: 'year',
      },
    },
    units: {
      days: 'days',
      hours: 'hours',
      months: 'months',
      chars: 'chars',
      count: '',
      modules: 'modules',
      times: 'times',
      score: 'points',
    },
    fields: {
      training: {
        subject: { label: 'Subject', help: 'Public or professional subjects.' },
        organizer: { label: 'Organiser', help: 'Who organised the training.' },
        days: { label: 'Days of training', help: 'The days you attended.', unit: 'days' },
        hours: {
          label: 'Stated hours',
          help: 'Class hours stated by the organiser; leave empty if none were stated (days are converted as the policy says).',
          unit: 'hours',
        },
      },
      online_course: {
        subject: { label: 'Subject', help: 'Public or professional subjects.' },
        hours: {
          label: 'Courseware hours',
          help: 'Hours labelled on the courseware, or actual hours learned.',
          unit: 'hours',
        },
      },
      public_course_exam: {
        hours: {
          label: 'Course hours',
          help: "The course's stated hours; leave empty if none.",
          unit: 'hours',
        },
      },
      practice: {
        days: {
          label: 'Days of practice',
          help: 'Days at a teaching, research or production unit.',
          unit: 'days',
        },
        hours: { label: 'Actual hours', help: 'Actual hours, if recorded.', unit: 'hours' },
      },
      conference: {
        level: { label: 'Level', help: 'National, provincial (ministerial) or other conference or seminar.' },
        paperChars: {
          label: 'Paper length',
          help: 'Characters of a paper you presented there; leave empty if you presented none.',
          unit: 'chars',
        },
        days: { label: 'Days', help: 'Days of the conference; optional.', unit: 'days' },
        hours: {
          label: 'Actual hours',
          help: 'Hours attended; optional, for policies that credit actual hours.',
          unit: 'hours',
        },
      },
      lecturing: {
        type: {
          label: 'Type',
          help: 'Teaching a continuing-education course, or an academic report or lecture.',
        },
        hours: {
          label: 'Teaching hours',
          help: 'Actual teaching or speaking time, in hours.',
          unit: 'hours',
        },
      },
      overseas_training: {
        days: { label: 'Activity days', help: 'Days of the activity abroad, travel excluded.', unit: 'days' },
        durationDays: {
          label: 'Calendar length',
          help: 'Calendar days of the training or activity itself, first to last day; it sets the most credited per time.',
          unit: 'days',
        },
      },
      study_tour: {},
      qualification_exam: {
        subjectsPassed: { label: 'Subjects passed', help: 'Exam subjects passed this year.', unit: 'count' },
        certificate: {
          label: 'Whole qualification',
          help: 'Whether the whole qualification (certificate) was obtained.',
        },
      },
      skill_level_exam: {
        level: { label: 'Level', help: 'The vocational skill level obtained.' },
      },
      degree_course: {
        coursesPassed: {
          label: 'Courses passed',
          help: 'Courses passed this year in in-service degree education or self-taught exams.',
          unit: 'count',
        },
        hours: {
          label: 'Certified hours',
          help: "Hours the employer's archive or the school certifies; leave empty if none.",
          unit: 'hours',
        },
      },
      degree_completed: {
        level: { label: 'Degree', help: 'A degree in a related field obtained after starting work.' },
        hours: {
          label: 'Certified hours',
          help: "Hours the employer's archive or the school certifies; leave empty if none.",
          unit: 'hours',
        },
      },
      self_study: {
        hours: {
          label: 'Hours of study',
          help: 'Self-study organised and assessed by the employer.',
          unit: 'hours',
        },
        days: { label: 'Days of study', help: 'Optional; at most 8 hours a day are credited.', unit: 'days' },
        archived: {
          label: 'Learning archive kept',
          help: 'Whether the employer keeps a learning archive of it.',
        },
      },
      paper: {
        authorship: { label: 'Authorship', help: 'Sole author, first author or another author.' },
        cnJournal: {
          label: 'CN journal',
          help: 'Whether it was published in a journal with a CN (domestic) serial number.',
        },
      },
      book: {
        authorship: {
          label: 'Authorship',
          help: 'Your place among the authors of the monograph, translation or manual.',
        },
      },
      patent: {
        type: { label: 'Type', help: 'Invention patent, utility model patent or software copyright.' },
      },
      standard: {
        role: {
          label: 'Place among drafters',
          help: 'Your place among the drafters of the standard or code.',
        },
      },
      research_project: {
        level: { label: 'Level', help: 'The level at which the project was approved.' },
        role: { label: 'Role', help: 'Main completers are the first four other than the host.' },
        completed: { label: 'Completed', help: 'Whether the project has been completed (closed).' },
      },
      achievement_award: {},
      exam_item_writing: {
        times: {
          label: 'Times',
          help: 'Times you wrote or reviewed items for a qualification exam.',
          unit: 'times',
        },
      },
      competition: {
        level: { label: 'Level', help: 'Provincial or above, or other.' },
        prize: { label: 'Prize', help: 'The prize you won.' },
        activityId: {
          label: 'Contest name or code',
          help: 'Identifies the contest, e.g. "2024 Jiangsu CNC skills contest": one contest is credited once.',
        },
      },
      grassroots_service: {
        days: {
          label: 'Days of service',
          help: 'Days of paired assistance, mentoring or expert service.',
          unit: 'days',
        },
      },
      expert_service: {
        days: {
          label: 'Days of work',
          help: 'Days of invited review, marking or evaluation work.',
          unit: 'days',
        },
      },
      aid_assignment: {
        months: { label: 'Months', help: 'Months of the posting within the year (1 to 12).', unit: 'months' },
      },
      leave: {
        reason: { label: 'Reason', help: 'Why: injury, illness, maternity or a posting abroad.' },
        months: { label: 'Months', help: 'Months within the year.', unit: 'months' },
        employerApproved: {
          label: 'Approved by employer',
          help: 'Whether the employer approved and certified it.',
        },
      },
      language_exam: {
        grade: { label: 'Grade', help: 'The grade of the title language exam.' },
        score: { label: 'Score', help: 'The score, 0 to 100.', unit: 'score' },
        passed: {
          label: 'Passed',
          help: "The exam authority's verdict: it decides when given, else 60 passes; optional.",
        },
      },
      computer_exam: {
        modules: { label: 'Modules passed', help: 'Modules of the computer exam passed.', unit: 'modules' },
      },
      epidemic_frontline: {},
      mentorship: {
        role: { label: 'Role', help: 'Your role under the mentorship contract.' },
        hours: {
          label: 'Certified hours',
          help: 'Hours the mentorship evaluation certifies.',
          unit: 'hours',
        },
      },
      other: {
        subject: { label: 'Subject', help: 'Public or professional subjects.' },
        hours: { label: 'Certified hours', help: 'Hours the authority certifies.', unit: 'hours' },
      },
    },
    preview: {
      title: 'Estimated hours',
      proposed: 'Proposed',
      hours: (n: number) => `${n} hours`,
      public: 'Public',
      professional: 'Professional',
      basis: 'Basis',
      notes: 'Notes',
      policyLine: (title: string, doc?: string) => `Policy: ${title}${doc ? ` (${doc})` : ''}`,
      chooseKind:
        'Choose a way and fill in the activity: the hours your policy gives and the clause behind them show here as you type.',
      incomplete: (labels: string[]) => `Fill in ${labels.join(', ').toLowerCase()} to see the estimate.`,
      invalid: (label: string) => `${label} is not valid: correct it as the form says.`,
      noPolicy: 'No policy applies to you in that year: no estimate.',
      hint: 'Computed on this page by the policy, confirmed by the system on submitting; the reviewer decides in the end.',
      serverSame: 'The system confirms the estimate.',
      serverDiffers: (hours: number, basis: string) =>
        `The system computes differently, and its figure counts: ${hours} hours (${basis}).`,
      creditWords: (hours: number, basis: string) => `${hours} hours (${basis})`,
      differsTitle: 'The system computes a different figure',
      differsBody: (local: string, server: string) =>
        `This page: ${local}; the system: ${server}. The system's figure counts; the reviewer decides in the end.`,
      differsOk: "Submit with the system's figure",
      differsCancel: 'Back to the form',
    },
    evidence: {
      title: 'Evidence',
      pick: 'Click to choose files, or drop them here',
      hint: (max: string, count: number) =>
        `PDF, JPG or PNG, at most ${max} each, up to ${count} files; uploaded when you submit.`,
      wrongType: (name: string, size: string) =>
        `"${name}" (${size}) is not a PDF, JPG or PNG file and cannot be uploaded. Convert it to PDF, or save a photo as JPG or PNG.`,
      tooBig: (name: string, size: string, max: string) =>
        `"${name}" is ${size}, over the ${max} limit per file. Compress or split it first.`,
      empty: (name: string) => `"${name}" is empty.`,
      duplicate: (name: string) => `"${name}" is already chosen.`,
      tooMany: (count: number) => `At most ${count} files at a time.`,
      waiting: 'To upload',
      uploading: 'Uploading',
      uploaded: 'Uploaded',
      failed: 'Failed',
      remove: (name: string) => `Remove ${name}`,
      existing: 'Already uploaded',
      none: 'No file chosen yet.',
      list: 'Files to upload',
    },
    noEvidenceTitle: 'No evidence chosen',
    noEvidenceBody:
      'An application without evidence may be returned by the reviewer. Submit without evidence?',
    noEvidenceOk: 'Submit anyway',
    noEvidenceCancel: 'Choose files',
    submit: 'Submit',
    resubmit: 'Resubmit',
    cancel: 'Cancel',
    checking: 'Computing the hours…',
    saving: 'Submitting…',
    uploadingFiles: (done: number, total: number) => `Uploading evidence (${done}/${total})…`,
    submitted: 'Submitted: your employer will review it.',
    resubmitted: 'Corrected and resubmitted: your employer will review it.',
    uploadFailed: 'The application is saved, but some evidence was not uploaded:',
    retryUpload: 'Retry the upload',
    viewApplication: 'View the application',
    returnedBy: (reason: string) => `Returned by the reviewer: ${reason}`,
    fileError: (name: string, error: string) => `${name}: ${error}`,
    detail: 'Application',
    returnedHint: 'Correct it as the reason says and submit again.',
    notReturned: 'Only an application returned by the reviewer can be corrected.',
    networkError: 'The connection was lost. Check the network and try again.',
  },
  // ── reviewQueue ──
  reviewQueuePage: {},
  // ── review ──
  reviewPage: {},
  // ── staffCompliance ──
  staffCompliancePage: {},
  // ── staffRegister ──
  staffRegisterPage: {},
  // ── yearEnd ──
  yearEndPage: {},
  // ── departure ──
  departurePage: {},
  // ── transferIn ──
  transferInPage: {},
  // ── tokens ──
  tokensPage: {},
  // ── shared ──
  common: {
    loading: 'Loading…',
    building: 'This page is being built and comes in a later version.',
    notFound: 'There is no such page.',
    home: 'Home',
    failed: 'Could not load. Try again later.',
    retry: 'Retry',
    hours: 'hours',
  },
}
