/**
 * Case references (issue #17): what a raiser types must be their agency's own case reference, never a child's
 * name. An agency may set its format as a pattern with plain words and an example; without one, the default rule
 * below applies.
 */
import type { Agency } from './directory';

/** How a reference is described to people: in words, with an example (the form's hint and the field's error). */
export interface ReferenceFormat {
  description: string;
  example: string;
}

/** Longest reference a raiser may type (the raise form's limit). */
export const MAX_REFERENCE = 40;

/** What every reference is made of: letters, digits and - / _ . , starting with a letter or digit. */
export const REFERENCE_CHARACTERS = /^[A-Za-z0-9][A-Za-z0-9\-/_.]*$/;

export const DEFAULT_REFERENCE_FORMAT: ReferenceFormat = Object.freeze({
  description:
    'letters and digits as your agency’s system writes them, with at least one digit (- / _ . may separate them)',
  example: 'ABC/2026/0042',
});

/**
 * Common agency and case-record codes a default reference may hold in any case ("MASH_2026_0042", "Ref/2026/1",
 * "CAMHS-123"), though they are words of four letters or more, or capitalised. Compared ignoring case.
 */
const KNOWN_CODES: ReadonlySet<string> = new Set(
  'ref csc nhs pol cin cla lac case mash lado camhs ehcp marac mappa crim'.split(' '),
);

/**
 * Whether a run of letters may be a name. Short codes and initials are not: two letters or fewer, or three
 * letters all in one case ("CSC", "nhs", "POL"). A capitalised word ("Amy", "Lily"), any longer run
 * ("lily", "LilyBrown") and capitals of four letters or more ("BROWN": surnames are often written in capitals)
 * are, unless they are a known code. Agencies whose references hold other words set their own pattern.
 */
function nameLike(run: string): boolean {
  if (run.length <= 2 || KNOWN_CODES.has(run.toLowerCase())) return false;
  if (run.length === 3) return run !== run.toUpperCase() && run !== run.toLowerCase();
  return true;
}

/** The default rule: the usual characters, at least one digit, and no run of letters that may be a name. */
export function defaultRuleAccepts(reference: string): boolean {
  if (!REFERENCE_CHARACTERS.test(reference) || !/\d/.test(reference)) return false;
  return !(reference.match(/[A-Za-z]+/g) ?? []).some(nameLike);
}

const compiled = new Map<string, RegExp | null>();

/** An agency's pattern, compiled once; null when it does not compile (the directory check reports it). */
function patternOf(source: string): RegExp | null {
  if (!compiled.has(source)) {
    let re: RegExp | null = null;
    try {
      re = new RegExp(source);
    } catch {
      re = null;
    }
    compiled.set(source, re);
  }
  return compiled.get(source)!;
}

/** The format the raise form explains to someone in `agency`: its own, else the default one. */
export function referenceFormatOf(agency: Agency | undefined): ReferenceFormat {
  const own = agency?.referencePattern && patternOf(agency.referencePattern);
  return own && agency.referenceFormat && agency.referenceExample
    ? { description: agency.referenceFormat, example: agency.referenceExample }
    : DEFAULT_REFERENCE_FORMAT;
}

/**
 * Whether `reference` is a case reference of `agency`: within the length and characters every reference keeps,
 * and matching the agency's pattern; an agency with no pattern (or one that does not compile) has the default rule.
 */
export function acceptsReference(agency: Agency | undefined, reference: string): boolean {
  if (reference.length > MAX_REFERENCE || !REFERENCE_CHARACTERS.test(reference)) return false;
  const re = agency?.referencePattern ? patternOf(agency.referencePattern) : null;
  return re ? re.test(reference) : defaultRuleAccepts(reference);
}

/** The message on the reference field when it does not fit: the format in plain words. */
export function referenceHelp(agency: Agency | undefined): string {
  const f = referenceFormatOf(agency);
  return `Use your agency’s case reference: ${f.description}, for example ${f.example}. Never a name.`;
}

/** Names an agency's pattern must refuse: the examples, with spaces (around its own example) and joined. */
const namesAround = (example: string) => [
  'Lily Brown',
  'Lily Brown 2026',
  `${example} Lily Brown`,
  `Lily Brown ${example}`,
  `${example}Lily Brown`,
  'Lily-Brown',
  'lily.brown',
  'Lily_Brown',
  'LilyBrown2026',
];

type FormatField = 'referencePattern' | 'referenceFormat' | 'referenceExample';

/**
 * What is wrong with an agency's reference format, by field: the three fields go together, the pattern must
 * compile, the example must fit it, and it must refuse a child's name.
 */
export function referenceFormatProblems(agency: Agency): { field: FormatField; problem: string }[] {
  const { referencePattern: pattern, referenceFormat: words, referenceExample: example } = agency;
  if (pattern === undefined && words === undefined && example === undefined) return [];
  const missing = (['referencePattern', 'referenceFormat', 'referenceExample'] as const).filter(
    (k) => !agency[k]?.trim(),
  );
  if (missing.length)
    return missing.map((field) => ({
      field,
      problem: 'is required when an agency sets its case reference format (pattern, words and example)',
    }));
  const re = patternOf(pattern!);
  if (!re)
    return [
      {
        field: 'referencePattern',
        problem: `"${pattern}" is not a valid pattern (a JavaScript regular expression)`,
      },
    ];
  const problems: { field: FormatField; problem: string }[] = [];
  if (!re.test(example!) || !REFERENCE_CHARACTERS.test(example!))
    problems.push({
      field: 'referenceExample',
      problem: `"${example}" does not fit the pattern, or holds more than letters, digits and - / _ .`,
    });
  const name = namesAround(example!).find((p) => re.test(p));
  if (name)
    problems.push({
      field: 'referencePattern',
      problem: `it would accept a name ("${name}"): start it with ^ and end it with $, and allow only the agency’s own format`,
    });
  return problems;
}
