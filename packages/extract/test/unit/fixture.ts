import { buildTaxonomy } from '@skillpulse/taxonomy';

/** A small taxonomy with one entry of each kind the form rules treat differently. */
export const smallTaxonomy = buildTaxonomy({
  version: 'test-1',
  categories: {
    language: 'Languages',
    framework: 'Frameworks',
    cloud: 'Cloud',
    practice: 'Practices',
    'soft-skill': 'Soft skills',
    data: 'Data',
  },
  skills: [
    { id: 'java', name: 'Java', category: 'language' },
    { id: 'javascript', name: 'JavaScript', category: 'language', aliases: ['js'] },
    { id: 'nodejs', name: 'Node.js', category: 'framework', aliases: ['node'], parent: 'javascript' },
    { id: 'spring', name: 'Spring', category: 'framework', ambiguous: true, parent: 'java' },
    { id: 'spring-boot', name: 'Spring Boot', category: 'framework', parent: 'spring' },
    { id: 'aws', name: 'AWS', category: 'cloud', aliases: ['amazon web services'] },
    { id: 'aws-lambda', name: 'AWS Lambda', category: 'cloud', parent: 'aws' },
    { id: 'aws-ec2', name: 'Amazon EC2', category: 'cloud', aliases: ['ec2', 'aws ec2'], parent: 'aws' },
    { id: 'micro-frontends', name: 'Micro frontends', category: 'practice' },
    { id: 'event-driven', name: 'Event-driven architecture', category: 'practice', aliases: ['event driven'] },
    { id: 'ci', name: 'Continuous integration', category: 'practice' },
    { id: 'design-patterns', name: 'Design patterns', category: 'practice' },
    { id: 'microservices', name: 'Microservices', category: 'practice' },
    { id: 'dotnet', name: '.NET', category: 'framework', aliases: ['.net core', 'asp.net'] },
    { id: 'csv', name: 'CSV', category: 'data', caseSensitive: true },
    { id: 'less', name: 'Less', category: 'language', caseSensitive: true, ambiguous: true },
    { id: 'mcp', name: 'Model Context Protocol', category: 'framework', aliases: ['MCP'], caseSensitive: true },
    { id: 'r', name: 'R', category: 'language', caseSensitive: true, ambiguous: true },
    { id: 'python', name: 'Python', category: 'language' },
    { id: 'docker', name: 'Docker', category: 'framework' },
    { id: 'teamwork', name: 'Teamwork', category: 'soft-skill' },
  ],
});
