/**
 * Guards for user-written rule regexes, which run on every imported line in the request or job that imports
 * it. JavaScript's backtracking engine can take exponential time on patterns such as `(a+)+$`, and nothing
 * interrupts a running `RegExp.test`, so the risky shapes are refused when a rule is saved or previewed, and
 * the text a regex sees is capped so that the polynomial cost of what is accepted stays small.
 */

/** Longest pattern a rule may hold. */
export const MAX_PATTERN_LENGTH = 200;
/** A regex sees at most this many characters of a description or counterparty. */
export const MAX_REGEX_SUBJECT = 500;
/** More unbounded quantifiers than this (`.*a.*b.*c.*d`) cost n^k on a line that does not match. */
const MAX_UNBOUNDED = 3;

/** What a quantified atom matches, when that is simple enough to tell two apart (null: could overlap anything). */
function atomKind(atom: string): string | null {
  const a = atom.toLowerCase();
  if (a === '\\d' || /^[0-9]$/.test(a)) return 'digit';
  if (a === '\\s' || a === ' ') return 'space';
  if (/^[a-z]$/.test(a)) return `letter ${a}`;
  return null;
}

interface Group {
  /** a quantifier somewhere inside the group (so repeating the group nests quantifiers) */
  quantified: boolean;
  alternation: boolean;
  /** only literal characters and `|` inside, so alternatives can be compared */
  literal: boolean;
  start: number;
}

/** The kind of a mandatory single-character atom, to tell whether a narrow repeated atom before it can match it. */
function separatorKind(atom: string): string | null {
  const known = atomKind(atom);
  if (known) return known;
  if (atom.length === 1 && !/[.[\]()|^$]/.test(atom)) return `char ${atom}`;
  if (atom.length === 2 && /^\\[^\w]$/.test(atom)) return `char ${atom[1]}`;
  return null;
}

/** Reads a quantifier at i: its length and whether it repeats (anything but `?`, `{0,1}`, `{1}`). */
function quantifierAt(p: string, i: number): { length: number; repeats: boolean; unbounded: boolean } | null {
  const c = p[i];
  let length = 0;
  let repeats = true;
  let unbounded = true;
  if (c === '*' || c === '+') length = 1;
  else if (c === '?') [length, repeats, unbounded] = [1, false, false];
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
    if (!m) return null;
    length = m[0].length;
    const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
    repeats = max > 1;
    unbounded = max === Infinity;
  } else return null;
  if (p[i + length] === '?') length++; // lazy: the same backtracking, in another order
  return { length, repeats, unbounded };
}

/** Alternatives of a repeated literal group must not overlap, or the engine tries every split (`(a|a)*`, `(a|ab)*`). */
function overlapping(body: string): boolean {
  const alts = body.toLowerCase().split('|');
  return alts.some((a, i) => a === '' || alts.some((b, j) => i !== j && b.startsWith(a)));
}

/** Why a pattern is refused, or null when it may run on imported lines. Assumes the pattern compiles. */
export function unsafeRegexReason(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) return `the pattern is ${pattern.length} characters long; at most ${MAX_PATTERN_LENGTH} are allowed`;
  const stack: Group[] = [{ quantified: false, alternation: false, literal: true, start: 0 }];
  let unbounded = 0;
  // the kind of the last unbounded quantified atom until a mandatory atom it cannot match follows: two such atoms
  // that can match the same characters (\w+\w+, .*.*, \w+a\w+) split a run of them n^2 ways, and each further one
  // multiplies; a separator the first cannot match (\s+amzn\s+) ends the run
  let open: { kind: string | null } | null = null;
  let i = 0;
  while (i < pattern.length) {
    const top = stack[stack.length - 1]!;
    const c = pattern[i]!;
    let atomEnd = i + 1;
    let closed: Group | null = null;
    if (c === '\\') {
      const n = pattern[i + 1] ?? '';
      if (/[1-9]/.test(n) || n === 'k') return 'backreferences (\\1, \\k<name>) are not allowed';
      if (!/[\^$\\.*+?()[\]{}|/-]/.test(n)) top.literal = false;
      atomEnd = i + 2;
    } else if (c === '[') {
      top.literal = false;
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      atomEnd = j + 1;
    } else if (c === '(') {
      top.literal = false;
      const prefix = /^\(\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)?/.exec(pattern.slice(i))?.[0] ?? '(';
      stack.push({ quantified: false, alternation: false, literal: prefix === '(' || prefix === '(?:', start: i + prefix.length });
      i += prefix.length;
      continue;
    } else if (c === ')') {
      if (stack.length === 1) return null; // unbalanced: RegExp reports it
      closed = stack.pop()!;
    } else if (c === '|') {
      top.alternation = true;
      open = null;
      i++;
      continue;
    } else if (c === '.' || c === '^' || c === '$') {
      top.literal = false;
    }
    const q = quantifierAt(pattern, atomEnd);
    const parent = stack[stack.length - 1]!;
    if (closed) {
      if (q?.repeats && closed.quantified) return 'a repeated group contains a quantifier (as in (a+)+ or (a*)*), which can backtrack catastrophically';
      if (q?.repeats && closed.alternation && (!closed.literal || overlapping(pattern.slice(closed.start, i))))
        return 'a repeated group has alternatives that can match the same text (as in (a|a)*), which can backtrack catastrophically';
      parent.quantified ||= closed.quantified;
      parent.literal = false;
    }
    if (q) {
      parent.quantified = true;
      parent.literal = false;
      if (q.unbounded && ++unbounded > MAX_UNBOUNDED) return `more than ${MAX_UNBOUNDED} unbounded quantifiers (*, +, {n,})`;
      if (q.unbounded) {
        const kind = closed ? null : atomKind(pattern.slice(i, atomEnd));
        if (open && (open.kind === null || kind === null || open.kind === kind))
          return 'two repeated parts can match the same run of text (as in \\w+\\w+, .*.* or \\w+a\\w+), which can backtrack for very long';
        open = { kind };
      }
    } else if (open?.kind && !closed) {
      const kind = separatorKind(pattern.slice(i, atomEnd));
      if (kind !== null && kind !== open.kind) open = null;
    }
    i = atomEnd + (q?.length ?? 0);
  }
  return null;
}
