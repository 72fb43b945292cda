/**
 * What makes the sample board look like a real one beyond skills: title variants of the tech roles,
 * non-tech roles (so a report by role family has more than engineers), and how pay is stated (the
 * currency of the place, a year, month or hour, sometimes hidden). generate.ts draws these from a
 * second seeded generator, so the skills and dates of the postings stay what they were.
 */

/** How a tech role of vocab.ts may be titled, with the role family @skillpulse/roles maps it to. */
export const TITLE_VARIANTS: Record<string, { family: string; titles: string[] }> = {
  'Backend Engineer': {
    family: 'backend',
    titles: ['Backend Engineer', 'Backend Developer', 'Software Engineer, Backend', 'Java Developer', 'Python Developer'],
  },
  'Frontend Developer': { family: 'frontend', titles: ['Frontend Developer', 'Frontend Engineer', 'React Developer', 'UI Engineer'] },
  'Data Engineer': { family: 'data-engineer', titles: ['Data Engineer', 'Analytics Engineer', 'Big Data Engineer'] },
  'DevOps Engineer': { family: 'devops', titles: ['DevOps Engineer', 'Platform Engineer', 'Cloud Engineer'] },
  'Machine Learning Engineer': { family: 'ml-engineer', titles: ['Machine Learning Engineer', 'ML Engineer', 'AI Engineer'] },
  'Mobile Developer': { family: 'mobile', titles: ['Mobile Developer', 'iOS Developer', 'Android Engineer'] },
  // "Blockchain Developer" names no family of its own: a software engineer, unspecified.
  'Blockchain Developer': { family: 'software-engineer', titles: ['Blockchain Developer'] },
};

/** A non-tech role: titles, what the job is, what it asks for (a few skills a taxonomy may know), pay relative to tech. */
export interface NonTechRole {
  family: string;
  titles: string[];
  duties: string[];
  requirements: string[];
  pay: number;
}

export const NON_TECH_ROLES: NonTechRole[] = [
  {
    family: 'product-manager',
    titles: ['Product Manager', 'Product Owner'],
    duties: ['Own the roadmap of one product area', 'Talk to customers every week', 'Write clear specifications with engineering'],
    requirements: ['Experience with Jira', 'Comfortable with SQL for your own analyses', 'Agile'],
    pay: 1.1,
  },
  {
    family: 'designer',
    titles: ['Product Designer', 'UX Designer'],
    duties: ['Design flows from sketch to prototype', 'Run usability tests', 'Keep our design system consistent'],
    requirements: ['Figma', 'User research', 'Prototyping'],
    pay: 0.95,
  },
  {
    family: 'data-analyst',
    titles: ['Data Analyst', 'Business Intelligence Analyst'],
    duties: ['Answer business questions with data', 'Build dashboards the teams use', 'Define metrics with product managers'],
    requirements: ['SQL', 'Excel', 'Tableau or Power BI'],
    pay: 0.85,
  },
  {
    family: 'customer-service',
    titles: ['Customer Support Specialist', 'Customer Success Manager'],
    duties: ['Answer customer questions by chat and e-mail', 'Turn recurring questions into help articles', 'Report bugs to engineering'],
    requirements: ['Zendesk', 'Excellent written English', 'Patience'],
    pay: 0.55,
  },
  {
    family: 'sales',
    titles: ['Account Executive', 'Sales Development Representative'],
    duties: ['Find and qualify new customers', 'Run demos for prospects', 'Close deals with mid-size companies'],
    requirements: ['Salesforce', 'Negotiation', 'B2B sales experience'],
    pay: 0.8,
  },
  {
    family: 'hr',
    titles: ['Technical Recruiter', 'People Partner'],
    duties: ['Hire engineers and designers', 'Run interviews with hiring managers', 'Improve our onboarding'],
    requirements: ['Recruiting experience', 'Workday', 'Discretion'],
    pay: 0.7,
  },
  {
    family: 'marketing',
    titles: ['Marketing Manager', 'Content Marketing Manager'],
    duties: ['Plan and run campaigns', 'Write for our blog and newsletter', 'Measure what works'],
    requirements: ['SEO', 'Google Analytics', 'Copywriting'],
    pay: 0.75,
  },
  {
    family: 'finance',
    titles: ['Accountant', 'Financial Analyst'],
    duties: ['Close the books every month', 'Prepare forecasts and budgets', 'Work with our auditors'],
    requirements: ['Excel', 'IFRS or US GAAP', 'Attention to detail'],
    pay: 0.75,
  },
  {
    family: 'operations-logistics',
    titles: ['Warehouse Associate', 'Logistics Coordinator'],
    duties: ['Receive, pick and pack orders', 'Keep stock counts right', 'Coordinate with carriers'],
    requirements: ['Forklift licence', 'Reliability', 'Shift work'],
    pay: 0.45,
  },
  {
    family: 'healthcare',
    titles: ['Registered Nurse', 'Clinical Nurse'],
    duties: ['Care for patients on our telehealth service', 'Review symptom reports', 'Advise our product team on clinical safety'],
    requirements: ['A registered nursing licence', 'Three years of clinical practice', 'Calm under pressure'],
    pay: 0.65,
  },
];

/** Annual pay of a mid-level tech posting is 40,000–70,000 "units" × this, in the place's currency. */
export const CURRENCY_SCALE: Record<string, number> = {
  USD: 1.6,
  EUR: 1,
  GBP: 0.95,
  CAD: 1.6,
  CHF: 1.9,
  SEK: 11,
  PLN: 3.5,
  INR: 28,
  AUD: 1.7,
  SGD: 1.7,
  JPY: 140,
};

/** How often pay is stated by the year, month or hour, or not at all. */
export const PAY_PERIODS = [
  ['year', 0.62],
  ['month', 0.14],
  ['hour', 0.09],
  ['hidden', 0.15],
] as const;

/** Share of the board's postings that are non-tech roles. */
export const NON_TECH_SHARE = 0.15;
