/**
 * The vocabulary of the sample board: roles with the skills their postings ask for (and how demand
 * for each moves over the months the board covers), companies, places, seniority and benefits.
 * generate.ts draws postings from it.
 */

/** A skill as a template writes it: surface forms to pick from, and how demand moves (t from 0 to 1). */
export interface Ingredient {
  forms: string[];
  weight: (t: number) => number;
}

const steady = (p: number) => () => p;
const rising = (from: number, to: number) => (t: number) => from + (to - from) * t;
const falling = rising;

const ing = (forms: string | string[], weight: (t: number) => number): Ingredient => ({
  forms: Array.isArray(forms) ? forms : [forms],
  weight,
});

export interface Role {
  title: string;
  languages: Ingredient[];
  frameworks: Ingredient[];
  data: Ingredient[];
  infra: Ingredient[];
  testing: Ingredient[];
  extras: Ingredient[];
  duties: string[];
}

const INFRA: Ingredient[] = [
  ing(['Docker'], steady(0.55)),
  ing(['Kubernetes', 'k8s'], rising(0.2, 0.6)),
  ing(['Terraform'], rising(0.1, 0.45)),
  ing(['CloudFormation'], falling(0.2, 0.08)),
  ing(['AWS', 'Amazon Web Services'], steady(0.5)),
  ing(['Azure'], steady(0.2)),
  ing(['GCP', 'Google Cloud'], steady(0.18)),
  ing(['Jenkins'], falling(0.35, 0.08)),
  ing(['GitHub Actions'], rising(0.1, 0.45)),
  ing(['CI/CD', 'continuous integration'], steady(0.45)),
  ing(['Git'], steady(0.5)),
  ing(['serverless'], steady(0.15)),
  ing(['microservices'], steady(0.35)),
];

export const SOFT: Ingredient[] = [
  ing(['communication skills'], steady(0.6)),
  ing(['mentoring'], steady(0.25)),
  ing(['problem-solving'], steady(0.4)),
  ing(['Scrum'], falling(0.3, 0.15)),
  ing(['Kanban'], steady(0.12)),
  ing(['Agile'], steady(0.3)),
];

export const ROLES: Role[] = [
  {
    title: 'Backend Engineer',
    languages: [
      ing(['Python'], steady(0.4)),
      ing(['Java'], falling(0.4, 0.25)),
      ing(['Go', 'Golang'], rising(0.12, 0.4)),
      ing(['Rust'], rising(0.03, 0.3)),
      ing(['PHP'], falling(0.3, 0.06)),
      ing(['Ruby'], falling(0.2, 0.07)),
      ing(['C#'], steady(0.15)),
      ing(['Node.js', 'NodeJS'], steady(0.3)),
      ing(['TypeScript'], rising(0.15, 0.4)),
    ],
    frameworks: [
      ing(['Django'], steady(0.2)),
      ing(['Flask'], falling(0.15, 0.06)),
      ing(['FastAPI'], rising(0.05, 0.3)),
      ing(['Spring Boot'], steady(0.22)),
      ing(['Express.js', 'Express'], steady(0.15)),
      ing(['Ruby on Rails'], falling(0.18, 0.05)),
      ing(['Laravel'], falling(0.15, 0.04)),
      ing(['.NET', 'ASP.NET Core'], steady(0.14)),
    ],
    data: [
      ing(['PostgreSQL', 'Postgres'], rising(0.35, 0.55)),
      ing(['MySQL'], falling(0.4, 0.18)),
      ing(['MongoDB'], steady(0.22)),
      ing(['Redis'], steady(0.3)),
      ing(['Cassandra'], steady(0.08)),
      ing(['Kafka', 'Apache Kafka'], rising(0.12, 0.3)),
      ing(['Elasticsearch'], steady(0.12)),
    ],
    infra: INFRA,
    testing: [
      ing(['JUnit'], steady(0.12)),
      ing(['pytest'], steady(0.15)),
      ing(['RSpec'], falling(0.1, 0.03)),
      ing(['Mocha'], falling(0.1, 0.03)),
    ],
    extras: [ing(['REST APIs', 'RESTful services'], steady(0.6)), ing(['GraphQL'], steady(0.2)), ing(['gRPC'], rising(0.05, 0.2))],
    duties: [
      'Design, build and operate the services behind our product',
      'Own features end to end, from the data model to production',
      'Improve the reliability and performance of our platform',
      'Review code and help shape our engineering practices',
    ],
  },
  {
    title: 'Frontend Developer',
    languages: [
      ing(['JavaScript'], steady(0.6)),
      ing(['TypeScript'], rising(0.3, 0.75)),
      ing(['HTML', 'HTML5'], steady(0.4)),
      ing(['CSS'], steady(0.4)),
    ],
    frameworks: [
      ing(['React', 'React.js'], steady(0.6)),
      ing(['Vue.js', 'Vue'], steady(0.2)),
      ing(['Angular'], falling(0.3, 0.15)),
      ing(['AngularJS'], falling(0.15, 0.01)),
      ing(['jQuery'], falling(0.35, 0.04)),
      ing(['Next.js'], rising(0.08, 0.4)),
      ing(['Tailwind CSS'], rising(0.05, 0.4)),
      ing(['Redux'], falling(0.3, 0.12)),
    ],
    data: [ing(['GraphQL'], steady(0.25))],
    infra: [
      ing(['Git'], steady(0.5)),
      ing(['Webpack'], falling(0.35, 0.1)),
      ing(['Vite'], rising(0.03, 0.35)),
      ing(['CI/CD'], steady(0.25)),
    ],
    testing: [
      ing(['Jest'], steady(0.35)),
      ing(['Cypress'], steady(0.2)),
      ing(['Playwright'], rising(0.03, 0.3)),
      ing(['Mocha'], falling(0.12, 0.03)),
    ],
    extras: [ing(['accessibility', 'WCAG'], rising(0.1, 0.3)), ing(['REST APIs'], steady(0.3)), ing(['Figma'], steady(0.2))],
    duties: [
      'Build fast, accessible interfaces used by thousands of people every day',
      'Work with designers to turn ideas into polished features',
      'Keep our front-end codebase healthy and well tested',
    ],
  },
  {
    title: 'Data Engineer',
    languages: [ing(['Python'], steady(0.8)), ing(['SQL'], steady(0.8)), ing(['Scala'], falling(0.3, 0.1)), ing(['Java'], steady(0.15))],
    frameworks: [
      ing(['Apache Spark', 'PySpark'], steady(0.45)),
      ing(['Airflow', 'Apache Airflow'], steady(0.4)),
      ing(['dbt'], rising(0.1, 0.45)),
      ing(['Hadoop'], falling(0.3, 0.05)),
      ing(['pandas'], steady(0.3)),
    ],
    data: [
      ing(['Snowflake'], rising(0.15, 0.4)),
      ing(['BigQuery'], steady(0.2)),
      ing(['Amazon Redshift'], falling(0.2, 0.1)),
      ing(['PostgreSQL'], steady(0.3)),
      ing(['Kafka'], steady(0.3)),
      ing(['Databricks'], rising(0.05, 0.35)),
      ing(['Cassandra'], steady(0.1)),
    ],
    infra: INFRA,
    testing: [ing(['pytest'], steady(0.2))],
    extras: [ing(['ETL pipelines', 'data pipelines'], steady(0.6)), ing(['data modeling'], steady(0.3))],
    duties: [
      'Build reliable data pipelines that feed our analytics and products',
      'Model data for analysts and data scientists',
      'Keep data quality high and costs low',
    ],
  },
  {
    title: 'DevOps Engineer',
    languages: [ing(['Python'], steady(0.45)), ing(['Bash', 'shell scripting'], steady(0.5)), ing(['Go', 'Golang'], rising(0.1, 0.35))],
    frameworks: [ing(['Ansible'], falling(0.4, 0.2)), ing(['Helm'], rising(0.15, 0.4)), ing(['Argo CD'], rising(0.03, 0.3))],
    data: [ing(['PostgreSQL'], steady(0.15)), ing(['Redis'], steady(0.1))],
    infra: [
      ...INFRA,
      ing(['Prometheus'], steady(0.35)),
      ing(['Grafana'], steady(0.3)),
      ing(['Linux'], steady(0.6)),
      ing(['Nginx'], steady(0.2)),
      ing(['Puppet'], falling(0.2, 0.03)),
      ing(['Chef'], falling(0.15, 0.02)),
    ],
    testing: [],
    extras: [
      ing(['infrastructure as code'], rising(0.2, 0.5)),
      ing(['observability'], rising(0.1, 0.4)),
      ing(['site reliability engineering', 'SRE'], steady(0.2)),
    ],
    duties: [
      'Run and improve the infrastructure our engineers ship on',
      'Automate everything that can be automated',
      'Take part in a humane on-call rotation',
    ],
  },
  {
    title: 'Machine Learning Engineer',
    languages: [ing(['Python'], steady(0.95)), ing(['SQL'], steady(0.3)), ing(['C++'], steady(0.12))],
    frameworks: [
      ing(['PyTorch'], rising(0.35, 0.75)),
      ing(['TensorFlow'], falling(0.55, 0.2)),
      ing(['scikit-learn'], steady(0.35)),
      ing(['pandas'], steady(0.35)),
      ing(['NumPy'], steady(0.3)),
      ing(['Hugging Face'], rising(0.05, 0.45)),
      ing(['LangChain'], rising(0.0, 0.35)),
    ],
    data: [ing(['vector databases'], rising(0.0, 0.35)), ing(['PostgreSQL'], steady(0.15)), ing(['Apache Spark'], steady(0.15))],
    infra: [
      ing(['Docker'], steady(0.4)),
      ing(['Kubernetes'], rising(0.15, 0.4)),
      ing(['AWS'], steady(0.35)),
      ing(['GCP'], steady(0.2)),
      ing(['MLOps', 'MLflow'], rising(0.1, 0.35)),
    ],
    testing: [],
    extras: [
      ing(['machine learning'], steady(0.8)),
      ing(['deep learning'], steady(0.4)),
      ing(['large language models', 'LLMs'], rising(0.02, 0.7)),
      ing(['NLP'], steady(0.3)),
      ing(['statistics'], steady(0.3)),
    ],
    duties: [
      'Train, evaluate and ship models that power our product',
      'Turn research prototypes into dependable services',
      'Measure what our models do in production',
    ],
  },
  {
    title: 'Mobile Developer',
    languages: [
      ing(['Kotlin'], rising(0.3, 0.5)),
      ing(['Swift'], steady(0.45)),
      ing(['Objective-C'], falling(0.2, 0.03)),
      ing(['Java'], falling(0.3, 0.1)),
      ing(['Dart'], rising(0.05, 0.25)),
    ],
    frameworks: [
      ing(['React Native'], steady(0.3)),
      ing(['Flutter'], rising(0.1, 0.35)),
      ing(['SwiftUI'], rising(0.1, 0.4)),
      ing(['Jetpack Compose'], rising(0.05, 0.4)),
    ],
    data: [ing(['Firebase'], steady(0.3)), ing(['SQLite'], steady(0.15))],
    infra: [ing(['Git'], steady(0.5)), ing(['CI/CD'], steady(0.3))],
    testing: [ing(['JUnit'], steady(0.15)), ing(['XCTest'], steady(0.1))],
    extras: [ing(['REST APIs'], steady(0.4)), ing(['iOS'], steady(0.5)), ing(['Android'], steady(0.5))],
    duties: ['Build our iOS and Android apps', 'Ship features that feel native on every device', 'Work closely with product and design'],
  },
  {
    title: 'Blockchain Developer',
    languages: [
      ing(['Solidity'], steady(0.7)),
      ing(['Rust'], rising(0.2, 0.5)),
      ing(['Go'], steady(0.2)),
      ing(['TypeScript'], steady(0.3)),
    ],
    frameworks: [ing(['Node.js'], steady(0.3))],
    data: [ing(['PostgreSQL'], steady(0.2))],
    infra: [ing(['Docker'], steady(0.3)), ing(['AWS'], steady(0.2)), ing(['Git'], steady(0.4))],
    testing: [ing(['Mocha'], steady(0.2))],
    extras: [
      ing(['Ethereum'], falling(0.8, 0.5)),
      ing(['Hyperledger', 'Hyperledger Fabric'], falling(0.3, 0.1)),
      ing(['smart contracts'], steady(0.7)),
      ing(['Web3'], falling(0.5, 0.2)),
    ],
    duties: ['Design and audit smart contracts', 'Build the services around our on-chain products', 'Keep user funds safe'],
  },
];

export const ROLE_WEIGHTS = [0.3, 0.2, 0.14, 0.12, 0.12, 0.08, 0.04];

export const COMPANIES = [
  'Northwind Analytics',
  'Bluefjord Systems',
  'Kestrel Health',
  'Lumen Freight',
  'Paperkite Labs',
  'Orchard Payments',
  'Quarry Cloud',
  'Tidewater Energy',
  'Helix Bioinformatics',
  'Copperleaf Retail',
  'Juniper Mobility',
  'Ravel Media',
  'Saltmarsh Insurance',
  'Vantage Robotics',
  'Windrow Agritech',
  'Cobalt Gaming',
  'Meridian Travel',
  'Sable Security',
  'Foxglove Learning',
  'Granite Logistics',
  'Ironbark Bank',
  'Larkspur Software',
  'Mosaic Civic Tech',
  'Pinecrest Property',
];

/** City, region, country (ISO 3166-1) and currency; several cities share a metro (Oakland and San Francisco, Brooklyn and New York). */
export const PLACES: Array<[string, string, string, string]> = [
  ['Berlin', 'Berlin', 'DE', 'EUR'],
  ['Munich', 'Bavaria', 'DE', 'EUR'],
  ['London', 'England', 'GB', 'GBP'],
  ['Manchester', 'England', 'GB', 'GBP'],
  ['Edinburgh', 'Scotland', 'GB', 'GBP'],
  ['Amsterdam', 'North Holland', 'NL', 'EUR'],
  ['Paris', 'Île-de-France', 'FR', 'EUR'],
  ['Madrid', 'Madrid', 'ES', 'EUR'],
  ['New York', 'NY', 'US', 'USD'],
  ['Brooklyn', 'NY', 'US', 'USD'],
  ['Austin', 'TX', 'US', 'USD'],
  ['San Francisco', 'CA', 'US', 'USD'],
  ['Oakland', 'CA', 'US', 'USD'],
  ['Seattle', 'WA', 'US', 'USD'],
  ['Cambridge', 'MA', 'US', 'USD'],
  ['Toronto', 'ON', 'CA', 'CAD'],
  ['Vancouver', 'BC', 'CA', 'CAD'],
  ['Zurich', 'Zurich', 'CH', 'CHF'],
  ['Stockholm', 'Stockholm', 'SE', 'SEK'],
  ['Lisbon', 'Lisbon', 'PT', 'EUR'],
  ['Warsaw', 'Masovian', 'PL', 'PLN'],
  ['Bangalore', 'Karnataka', 'IN', 'INR'],
  ['Sydney', 'NSW', 'AU', 'AUD'],
  ['Singapore', 'Singapore', 'SG', 'SGD'],
  ['Tokyo', 'Tokyo', 'JP', 'JPY'],
  ['Dublin', 'Leinster', 'IE', 'EUR'],
];

export const SENIORITY = [
  ['Junior', 0.15, 0.6],
  ['', 0.4, 1],
  ['Senior', 0.3, 1.35],
  ['Lead', 0.1, 1.6],
  ['Staff', 0.05, 1.8],
] as const;

export const BENEFITS = [
  '30 days of paid holiday',
  'A learning budget for courses and conferences',
  'Flexible working hours',
  'Private health insurance',
  'A home-office budget',
  'Parental leave beyond the legal minimum',
  'Stock options',
];
